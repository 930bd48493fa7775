package io.cloudvoter.desktop;

import io.cloudvoter.desktop.app.AppLifecycle;
import io.cloudvoter.desktop.app.DesktopApp;
import io.cloudvoter.desktop.app.WindowSettings;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.widgets.Folders;

import javafx.application.Platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of {@code cloudvoter-desktop.jar}. A plain class, not an {@code Application}: JavaFX
 * refuses to launch an {@code Application} subclass from the class path. Files are read here, before
 * the FX thread starts, so the window opens without touching the disk on the FX thread. The main thread
 * then waits for the app to quit and ends the JVM itself, so no thread a library left behind keeps the
 * process alive after the window is gone.
 */
public final class Launcher {
    /** MINA SSHD tells every connection at INFO; its warnings are what an operator needs. Kept: loggers are held weakly. */
    private static final java.util.logging.Logger SSH_LOG = java.util.logging.Logger.getLogger("org.apache.sshd");
    /** A forwarded connection reset when the window closes its link is expected, not a warning. */
    private static final java.util.logging.Logger FORWARD_LOG = java.util.logging.Logger.getLogger(
            "org.apache.sshd.common.forward.DefaultForwarder");

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        SSH_LOG.setLevel(java.util.logging.Level.WARNING);
        FORWARD_LOG.setLevel(java.util.logging.Level.SEVERE);
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cloudvoter desktop: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        var dir = options.configDir() != null ? new ConfigDir(options.configDir()) : ConfigDir.locate(System.getenv());
        List<Profile> saved;
        try {
            saved = new ProfileStore(dir).load();
        } catch (IOException e) {
            System.err.println("cloudvoter desktop: saved connections ignored: " + e.getMessage());
            saved = List.of();
        }
        var settings = WindowSettings.load(dir);
        var lifecycle = new AppLifecycle(dir, settings);
        Runtime.getRuntime().addShutdownHook(lifecycle.shutdownHook());
        boolean systemDark = io.cloudvoter.desktop.app.ThemeChoice.systemPrefersDark(System.getenv());
        var firstFolder = Folders.start(settings.folder(), System.getenv(), Path.of(System.getProperty("user.home")));
        var profiles = saved;
        try {
            Platform.startup(() -> new DesktopApp(options, dir, profiles, lifecycle, systemDark, firstFolder).start());
        } catch (RuntimeException e) {
            System.err.println("cloudvoter desktop: cannot open a window: " + e.getMessage()
                    + " (a display is needed: set DISPLAY, or run under Xvfb)");
            System.exit(1);
        }
        lifecycle.awaitEnd(Long.MAX_VALUE, TimeUnit.DAYS);
        System.exit(0);
    }
}
