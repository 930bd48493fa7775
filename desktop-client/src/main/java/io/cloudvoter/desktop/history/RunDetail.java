package io.cloudvoter.desktop.history;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.model.api.RunRecord;

import javafx.geometry.Insets;
import javafx.scene.Cursor;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.io.ByteArrayInputStream;
import java.time.ZoneId;

/** The run selected in the table: what it was, when, its message, and a failed run's screenshot (a click opens it whole). */
final class RunDetail extends ScrollPane {
    private final Label heading = new Label("Select a run");
    private final Label message = new Label();
    private final ImageView image = new ImageView();

    RunDetail(HistoryModel model, ZoneId zone) {
        heading.getStyleClass().add(Styles.TITLE_4);
        message.setWrapText(true);
        var note = new Label();
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.setWrapText(true);
        note.textProperty().bind(model.screenshotNoteProperty());
        image.setPreserveRatio(true);
        model.shownProperty().addListener((o, a, run) -> show(run, zone));
        model.screenshotProperty().addListener((o, a, bytes) ->
                image.setImage(bytes == null ? null : new Image(new ByteArrayInputStream(bytes))));
        var box = new VBox(8, heading, message, note, frame());
        box.setPadding(new Insets(10));
        setContent(box);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        image.fitWidthProperty().bind(widthProperty().subtract(40));
    }

    private void show(RunRecord run, ZoneId zone) {
        heading.setText(run == null ? "Select a run" : "Run " + run.id() + " · " + run.instanceId() + " · "
                + Badges.words(run.outcome()));
        message.setText(run == null ? "" : RunText.describe(run, zone));
    }

    /** Framed, so a mostly white page reads as a picture; a click opens it at full size. */
    private StackPane frame() {
        var frame = new StackPane(image);
        frame.getStyleClass().add("artifact-frame");
        frame.visibleProperty().bind(image.imageProperty().isNotNull());
        frame.managedProperty().bind(frame.visibleProperty());
        frame.setCursor(Cursor.HAND);
        Tooltip.install(frame, new Tooltip("Click to open the screenshot at full size"));
        frame.setOnMouseClicked(e -> {
            if (image.getImage() != null) {
                showFullSize(image.getImage(), heading.getText());
            }
        });
        return frame;
    }

    private void showFullSize(Image picture, String title) {
        var stage = new Stage();
        stage.initOwner(getScene() == null ? null : getScene().getWindow());
        stage.setTitle(title);
        stage.setScene(new Scene(new ScrollPane(new ImageView(picture)), Math.min(picture.getWidth() + 20, 1280),
                Math.min(picture.getHeight() + 20, 860)));
        stage.show();
    }
}
