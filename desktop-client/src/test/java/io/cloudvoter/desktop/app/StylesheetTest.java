package io.cloudvoter.desktop.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.cloudvoter.desktop.testing.FxToolkit;
import javafx.application.Application;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's stylesheet applies cleanly on both themes: JavaFX logs a CSS value it cannot convert (seen: a ClassCastException for list cells). */
@ExtendWith(FxToolkit.class)
class StylesheetTest {

    @Test
    void theStylesheetAppliesToLogLinesAndTheCheatSheetWithoutACssError() throws Exception {
        var problems = new CopyOnWriteArrayList<String>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                problems.add(r.getLoggerName() + ": " + r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        var css = Logger.getLogger("javafx.css");
        css.addHandler(handler);
        try {
            for (String theme : List.of(new PrimerLight().getUserAgentStylesheet(), new PrimerDark().getUserAgentStylesheet())) {
                FxToolkit.run(() -> {
                    Application.setUserAgentStylesheet(theme);
                    var lines = new ListView<>(FXCollections.observableArrayList("10:00:00.000  INFO  a line", "10:00:01.000  SEVERE  another"));
                    lines.getStyleClass().add("log-list");
                    var keys = new Label("Ctrl+Q");
                    keys.getStyleClass().add("shortcut-keys");
                    var choice = new javafx.scene.control.ComboBox<>(FXCollections.observableArrayList("All levels", "WARNING"));
                    choice.getSelectionModel().selectFirst();
                    var root = new VBox(choice, lines, keys);
                    var scene = new Scene(root, 600, 300);
                    scene.getStylesheets().add(MainWindow.class.getResource("/io/cloudvoter/desktop/desktop.css").toExternalForm());
                    var stage = new Stage();
                    stage.setScene(scene);
                    stage.show();
                    lines.getSelectionModel().select(1);
                    root.applyCss();
                    root.layout();
                    choice.show(); // its list cells are styled in a popup of their own
                    choice.hide();
                    stage.hide();
                });
            }
        } finally {
            css.removeHandler(handler);
            FxToolkit.run(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        }
        assertThat(problems).isEmpty();
    }
}
