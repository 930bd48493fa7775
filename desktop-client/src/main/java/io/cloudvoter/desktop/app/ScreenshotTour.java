package io.cloudvoter.desktop.app;

import javafx.embed.swing.SwingFXUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.logging.Logger;

/**
 * For the docs: after a delay (data arrives), shows each tab in turn and saves the window's scene as
 * {@code <tab>.png} in a folder, then the same in the dark theme as {@code <tab>-dark.png}, then quits.
 * On the History tab it selects the newest run that has a failure screenshot, so the capture shows one.
 */
final class ScreenshotTour {
    private static final Logger LOG = Logger.getLogger(ScreenshotTour.class.getName());
    private static final Duration SETTLE = Duration.ofMillis(1500);

    private final MainWindow window;
    private final Path dir;
    private final int delaySeconds;
    private final Runnable done;
    private final ArrayDeque<String> todo = new ArrayDeque<>(MainWindow.TABS);
    private String suffix = "";
    private ThemeChoice.Theme chosen;

    ScreenshotTour(MainWindow window, Path dir, int delaySeconds, Runnable done) {
        this.window = window;
        this.dir = dir;
        this.delaySeconds = delaySeconds;
        this.done = done;
    }

    void start() {
        window.workbench().executor().schedule(Duration.ofSeconds(delaySeconds), this::next);
    }

    private void next() {
        String tab = todo.poll();
        if (tab == null) {
            connections();
            return;
        }
        window.stage().toFront();
        window.select(tab);
        if (tab.equals("History") && window.currentWorkspace() != null) {
            selectFailedRun(20); // the page loads when the tab is first shown
            return;
        }
        window.workbench().executor().schedule(SETTLE, () -> capture(tab));
    }

    /** Once the page is there (or after {@code triesLeft} looks), selects its newest run with a screenshot. */
    private void selectFailedRun(int triesLeft) {
        var table = window.currentWorkspace().history().table();
        if (table.getItems().isEmpty() && triesLeft > 0) {
            window.workbench().executor().schedule(Duration.ofMillis(250), () -> selectFailedRun(triesLeft - 1));
            return;
        }
        table.getItems().stream().filter(r -> r.artifact() != null).findFirst().ifPresent(r -> {
            table.getSelectionModel().select(r);
            table.scrollTo(Math.max(0, table.getItems().indexOf(r) - 3));
        });
        window.workbench().executor().schedule(SETTLE, () -> capture("History"));
    }

    /** Last in each theme, the connections dialog (tokens hidden); after the dark round, quit. */
    private void connections() {
        var stage = window.openConnections();
        window.workbench().executor().schedule(SETTLE, () -> save(stage.getScene().snapshot(null), "connections" + suffix, () -> {
            stage.close();
            if (!suffix.isEmpty()) {
                window.theme().choiceProperty().set(chosen); // the operator's own choice stays what it was
                done.run();
                return;
            }
            suffix = "-dark";
            chosen = window.theme().choiceProperty().get();
            window.theme().choiceProperty().set(ThemeChoice.Theme.DARK);
            todo.addAll(MainWindow.TABS);
            window.workbench().executor().schedule(SETTLE, this::next);
        }));
    }

    private void capture(String tab) {
        save(window.scene().snapshot(null), tab.toLowerCase() + suffix, this::next);
    }

    private void save(javafx.scene.image.WritableImage image, String name, Runnable then) {
        var file = dir.resolve(name + ".png");
        window.workbench().executor().background(() -> {
            Files.createDirectories(dir);
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            return file;
        }, f -> {
            LOG.info("saved " + f);
            then.run();
        }, e -> {
            LOG.warning("could not save " + file + ": " + e);
            then.run();
        });
    }
}
