package io.cloudvoter.desktop.notify;

import io.cloudvoter.desktop.concurrent.UiExecutor;

import java.io.File;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Forwards alerts to the desktop's notification area through {@code notify-send} (libnotify), where it
 * is installed and a display exists; otherwise the in-window notice is all there is.
 */
public final class OsNotifier implements Consumer<Notice> {
    private static final Logger LOG = Logger.getLogger(OsNotifier.class.getName());

    private final UiExecutor executor;
    private final String command;

    private OsNotifier(UiExecutor executor, String command) {
        this.executor = executor;
        this.command = command;
    }

    /** A notifier when {@code notify-send} is on the PATH and a display is set; empty otherwise. */
    public static Optional<OsNotifier> find(UiExecutor executor, java.util.Map<String, String> env) {
        if (env.getOrDefault("DISPLAY", "").isBlank() && env.getOrDefault("WAYLAND_DISPLAY", "").isBlank()) {
            return Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            var candidate = new File(dir, "notify-send");
            if (candidate.canExecute()) {
                return Optional.of(new OsNotifier(executor, candidate.getPath()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void accept(Notice notice) {
        String urgency = notice.level() == Notice.Level.DANGER ? "critical" : "normal";
        String title = "CloudVoter" + (notice.agent() == null ? "" : " · " + notice.agent()) + ": " + notice.title();
        executor.background(() -> {
            var p = new ProcessBuilder(command, "--app-name=CloudVoter", "--urgency=" + urgency, title, notice.text())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, TimeUnit.SECONDS);
            return null;
        }, ignored -> { }, e -> LOG.fine(() -> "notify-send failed: " + e));
    }
}
