package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.Launcher;

import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The desktop app as a child process of a test: {@code QuitProbe keys|wait ARGS…} runs the real
 * {@link Launcher} with ARGS, waits for its window, presses Ctrl+4 (the Logs tab) as a person would, prints
 * {@code READY}, and then, with {@code keys}, presses Ctrl+Q. With {@code wait} it leaves the ending to the
 * test (a SIGTERM). Whatever the app leaves running decides whether the JVM ends.
 */
public final class QuitProbe {
    private QuitProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean pressQuit = args[0].equals("keys");
        var launcherArgs = Arrays.copyOfRange(args, 1, args.length);
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                drive(pressQuit);
            } catch (Exception e) {
                e.printStackTrace();
                System.out.println("PROBE FAILED: " + e);
            }
        });
        Launcher.main(launcherArgs);
    }

    private static void drive(boolean pressQuit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        while (System.nanoTime() < deadline) {
            var shown = new CompletableFuture<Boolean>();
            try {
                Platform.runLater(() -> shown.complete(Window.getWindows().stream()
                        .anyMatch(w -> w instanceof Stage s && s.isShowing() && s.getTitle() != null && s.getTitle().startsWith("CloudVoter")
                                && s.isFocused())));
            } catch (IllegalStateException notStartedYet) {
                shown.complete(false);
            }
            try {
                if (shown.get(5, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (java.util.concurrent.TimeoutException busy) {
                continue; // the toolkit is still starting (a loaded machine): look again
            }
            Thread.sleep(100); // polling for a window in a child process; the test bounds the whole run
        }
        press(KeyCode.DIGIT4);
        var done = new CompletableFuture<Void>();
        Platform.runLater(() -> done.complete(null)); // after the key has been handled
        done.get(30, TimeUnit.SECONDS);
        System.out.println("READY");
        System.out.flush();
        if (pressQuit) {
            press(KeyCode.Q);
        }
    }

    /** Ctrl+key through the FX robot: the same path as a keyboard's events. */
    private static void press(KeyCode key) throws Exception {
        var done = new CompletableFuture<Void>();
        Platform.runLater(() -> {
            var robot = new Robot();
            robot.keyPress(KeyCode.CONTROL);
            robot.keyPress(key);
            robot.keyRelease(key);
            robot.keyRelease(KeyCode.CONTROL);
            done.complete(null);
        });
        done.get(30, TimeUnit.SECONDS);
    }
}
