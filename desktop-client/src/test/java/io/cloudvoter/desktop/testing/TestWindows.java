package io.cloudvoter.desktop.testing;

import io.cloudvoter.desktop.app.MainWindow;
import io.cloudvoter.desktop.app.ThemeChoice;
import io.cloudvoter.desktop.app.Workbench;
import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.ProfileBook;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.widgets.Folders;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** The real window for UI tests: an empty profile book in the test's folder, the light theme, file dialogs in that folder. */
public final class TestWindows {
    private TestWindows() {
    }

    /** On the FX thread. */
    public static MainWindow open(Workbench workbench, Path dir, UiExecutor executor, Predicate<String> confirm) {
        var book = new ProfileBook(List.of(), List.of(), new ProfileStore(new ConfigDir(dir)), executor, p -> { });
        workbench.follow(book);
        var w = new MainWindow(new Stage(), workbench, book, confirm,
                new ThemeChoice(ThemeChoice.Theme.LIGHT, false, t -> { }), new Folders(dir, f -> { }));
        w.stage().setWidth(1200);
        w.stage().setHeight(760);
        w.stage().show();
        return w;
    }
}
