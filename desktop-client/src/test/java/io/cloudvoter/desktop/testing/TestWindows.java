package io.cloudvoter.desktop.testing;

import io.cloudvoter.desktop.app.MainWindow;
import io.cloudvoter.desktop.app.ThemeChoice;
import io.cloudvoter.desktop.app.Workbench;
import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.EventStream;
import io.cloudvoter.desktop.connection.ProfileBook;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.widgets.Folders;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The real window for UI tests: an empty profile book in the test's folder, the light theme, file dialogs in that folder. */
public final class TestWindows {
    private TestWindows() {
    }

    /** A workbench on a real HTTP client and the system clock, in UTC, reconnecting by {@code backoff}. */
    public static Workbench workbench(EventStream stream, UiExecutor executor, Supplier<Backoff> backoff, Notices notices) {
        return new Workbench(AgentApi.newHttpClient(), stream, executor, Clock.systemUTC(), ZoneOffset.UTC, backoff, notices);
    }

    /**
     * Stops the window's ticking and closes its sessions on the FX thread, then closes {@code after} in
     * that order; nulls (what a failed set-up never made) are skipped.
     */
    public static void close(MainWindow window, AutoCloseable... after) throws Exception {
        if (window != null) {
            FxToolkit.run(() -> {
                window.stopTicking();
                window.workbench().closeAll();
            });
        }
        for (var c : after) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** On the FX thread. */
    public static MainWindow open(Workbench workbench, Path dir, UiExecutor executor, Predicate<String> confirm) {
        var book = new ProfileBook(List.of(), List.of(), new ProfileStore(new ConfigDir(dir)), executor, p -> { });
        workbench.follow(book);
        var w = new MainWindow(new Stage(), workbench, book, confirm,
                new ThemeChoice(ThemeChoice.Theme.LIGHT, false, t -> { }), new Folders(dir, f -> { }));
        w.stage().setWidth(1200);
        w.stage().setHeight(760);
        w.select(io.cloudvoter.desktop.app.WindowSettings.DEFAULT.tab()); // where DesktopApp opens without saved settings
        w.stage().show();
        return w;
    }
}
