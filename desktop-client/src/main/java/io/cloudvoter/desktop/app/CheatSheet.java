package io.cloudvoter.desktop.app;

import atlantafx.base.theme.Styles;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.Map;

/** The keyboard shortcuts in a small window ({@code ?} or F1); Esc, Enter or Close closes it. */
final class CheatSheet {
    static final String TITLE = "CloudVoter · Keyboard shortcuts";

    private CheatSheet() {
    }

    static Stage show(Window owner, Map<String, String> shortcuts) {
        var grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(6);
        int row = 0;
        for (var e : shortcuts.entrySet()) {
            var keys = new Label(e.getKey());
            keys.getStyleClass().addAll(Styles.TEXT_BOLD, "shortcut-keys");
            var what = new Label(e.getValue());
            what.setWrapText(true);
            what.setMaxWidth(420);
            grid.addRow(row++, keys, what);
        }
        var title = new Label("Keyboard shortcuts");
        title.getStyleClass().add(Styles.TITLE_4);
        var close = new Button("Close");
        close.setDefaultButton(true);
        var box = new VBox(12, title, grid, new HBox(close));
        box.setPadding(new Insets(16));
        box.getStyleClass().add("cheat-sheet");
        var stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle(TITLE);
        var scene = new Scene(box);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        close.setOnAction(e -> stage.close());
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
