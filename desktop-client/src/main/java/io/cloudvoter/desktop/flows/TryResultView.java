package io.cloudvoter.desktop.flows;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.model.api.FlowTry;

import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The last try: its outcome and message, each step with its time, the values read, and the page at the end. */
public final class TryResultView extends BorderPane {
    private final HBox verdict = new HBox(8);
    private final Label values = new Label();
    private final TableView<FlowTry.StepTiming> steps = new TableView<>();
    private final ImageView screenshot = new ImageView();

    TryResultView() {
        getStyleClass().add("try-result");
        verdict.setAlignment(Pos.CENTER_LEFT);
        verdict.setPadding(new Insets(6, 8, 6, 8));
        verdict.setId("try-verdict");
        values.getStyleClass().add(Styles.TEXT_MUTED);
        values.setWrapText(true);
        steps.setId("try-steps");
        steps.setPlaceholder(new Label("Try runs the flow in the editor once: nothing is recorded or saved."));
        steps.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        steps.getColumns().setAll(
                column("#", 36, s -> Integer.toString(s.index())),
                column("Step", 80, FlowTry.StepTiming::kind),
                column("Time", 70, s -> Display.millis(s.ms())),
                column("", 40, s -> s.ok() ? "ok" : "✗"),
                column("What", 300, s -> s.ok() ? s.what() : s.what() + " — " + s.message()));
        screenshot.setPreserveRatio(true);
        screenshot.setId("try-screenshot");
        // the page at the end, as wide as its pane: a page is mostly its top, which is what shows
        var frame = new javafx.scene.layout.StackPane(screenshot);
        frame.getStyleClass().add("artifact-frame");
        frame.setAlignment(Pos.TOP_LEFT);
        var shot = new ScrollPane(frame);
        shot.setFitToWidth(true);
        screenshot.fitWidthProperty().bind(shot.widthProperty().subtract(20));
        var split = new SplitPane(new VBox(4, steps, values), shot);
        split.setDividerPositions(0.55);
        VBox.setVgrow(steps, javafx.scene.layout.Priority.ALWAYS);
        setTop(verdict);
        setCenter(split);
    }

    void show(FlowTry t) {
        verdict.getChildren().clear();
        steps.getItems().clear();
        values.setText("");
        screenshot.setImage(null);
        if (t == null) {
            return;
        }
        var message = new Label(t.message() == null ? "" : t.message());
        message.setWrapText(true);
        var took = new Label(Display.millis(t.durationMs()) + (t.instanceId() == null ? " · fresh browser" : " · as " + t.instanceId()));
        took.getStyleClass().add(Styles.TEXT_MUTED);
        verdict.getChildren().addAll(Badges.of(Badges.words(t.outcome()), Badges.tone(t.outcome())), message, took);
        steps.getItems().setAll(t.steps());
        var read = t.values().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "));
        values.setText(read.isEmpty() ? (t.extracted() == null ? "" : "value: " + Display.number(t.extracted())) : "read: " + read);
        if (t.screenshot() != null) {
            try {
                screenshot.setImage(new Image(new ByteArrayInputStream(Base64.getDecoder().decode(t.screenshot()))));
            } catch (IllegalArgumentException e) {
                values.setText(values.getText() + " (the screenshot could not be read)");
            }
        }
    }

    public TableView<FlowTry.StepTiming> steps() {
        return steps;
    }

    public HBox verdict() {
        return verdict;
    }

    public ImageView screenshot() {
        return screenshot;
    }

    private static TableColumn<FlowTry.StepTiming, String> column(String title, double width, Function<FlowTry.StepTiming, String> text) {
        var c = new TableColumn<FlowTry.StepTiming, String>(title);
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 60));
        c.setSortable(false);
        c.setCellValueFactory(cell -> (ObservableValue<String>) new SimpleObjectProperty<>(text.apply(cell.getValue())));
        return c;
    }
}
