package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.connection.ConfigDir;

import javafx.application.Platform;
import javafx.stage.Stage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The one owner of how the app ends and of what it remembers. The window's state is followed as it
 * changes (so a SIGTERM, whose shutdown hook cannot count on the FX thread, still writes the latest);
 * {@link #quit} — Ctrl+Q, the window's close button, the screenshot tour — closes the agents, writes
 * {@code window.json}, ends the toolkit and lets the launcher end the JVM, whatever threads a library left.
 */
public final class AppLifecycle {
    private static final Logger LOG = Logger.getLogger(AppLifecycle.class.getName());
    /** How long a quit waits for the libraries to let go of their connections before the JVM ends anyway. */
    static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

    private final ConfigDir dir;
    private final AtomicReference<WindowSettings> latest;
    private final AtomicBoolean quitting = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    private WindowSettings written;

    public AppLifecycle(ConfigDir dir, WindowSettings initial) {
        this.dir = dir;
        this.latest = new AtomicReference<>(initial);
    }

    public WindowSettings settings() {
        return latest.get();
    }

    /** On the FX thread: follows the stage's place, size and maximized state, and the open tab. */
    public void track(Stage stage, MainWindow window) {
        Runnable bounds = () -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                latest.updateAndGet(s -> s.withBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
            }
        };
        stage.xProperty().addListener((o, a, b) -> bounds.run());
        stage.yProperty().addListener((o, a, b) -> bounds.run());
        stage.widthProperty().addListener((o, a, b) -> bounds.run());
        stage.heightProperty().addListener((o, a, b) -> bounds.run());
        stage.maximizedProperty().addListener((o, a, on) -> latest.updateAndGet(s -> s.withMaximized(on)));
        window.tabs().getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            if (tab != null) {
                latest.updateAndGet(s -> s.withTab(tab.getText()));
            }
        });
        bounds.run();
    }

    /** A preference changed (theme, folder): remembered now, written off the FX thread. */
    public void remember(UnaryOperator<WindowSettings> change) {
        latest.updateAndGet(change);
        Thread.ofVirtual().name("cloudvoter-settings").start(this::save);
    }

    /**
     * On the FX thread: {@code closeOnFx} closes what lives there (timers, sessions), {@code closeOffFx}
     * what may block (the WebSocket client); then the settings are written and the toolkit ends. Only the
     * first call counts.
     */
    public void quit(Runnable closeOnFx, Runnable closeOffFx) {
        if (!quitting.compareAndSet(false, true)) {
            return;
        }
        try {
            closeOnFx.run();
        } catch (RuntimeException e) {
            LOG.warning("closing the window: " + e);
        }
        Thread.ofPlatform().name("cloudvoter-quit").daemon(true).start(() -> {
            save();
            var closer = Thread.ofPlatform().name("cloudvoter-close").daemon(true).start(closeOffFx);
            try {
                closer.join(CLOSE_LIMIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Platform.exit();
            ended.countDown();
        });
    }

    /** For {@code Runtime.addShutdownHook}: a SIGTERM or the end of the JVM still writes the latest settings. */
    public Thread shutdownHook() {
        return new Thread(this::save, "cloudvoter-shutdown");
    }

    /** Blocks the launcher's main thread until {@link #quit} has finished. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** Writes the settings unless exactly these were written already. */
    private synchronized void save() {
        var now = latest.get();
        if (now.equals(written)) {
            return;
        }
        try {
            now.save(dir);
            written = now;
        } catch (IOException | RuntimeException e) {
            LOG.warning("window settings not saved in " + dir.path() + ": " + e.getMessage());
        }
    }
}
