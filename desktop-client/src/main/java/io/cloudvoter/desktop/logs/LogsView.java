package io.cloudvoter.desktop.logs;

import atlantafx.base.theme.Styles;
import io.cloudvoter.desktop.connection.Liveness;
import io.cloudvoter.desktop.widgets.Folders;
import io.cloudvoter.desktop.widgets.InstanceChoice;
import io.cloudvoter.desktop.widgets.StaleBanner;
import io.cloudvoter.model.api.LogLine;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * The live log: level, instance and text filters, pause and follow, copy and save. A ListView keeps
 * only the visible cells alive, so thousands of buffered lines cost little.
 */
public final class LogsView extends BorderPane {
    private static final double LINE_HEIGHT = 22;
    static final List<String> LEVELS = List.of("All levels", "FINE", "INFO", "WARNING", "SEVERE");

    private final LogsModel model;
    private final ListView<LogLine> list = new ListView<>();
    private final TextField text = new TextField();
    private final ComboBox<String> level = new ComboBox<>();
    private final ComboBox<String> instance = new ComboBox<>();
    private final ToggleButton wrap = new ToggleButton("Wrap");
    private final Consumer<String> status;
    private final Folders folders;

    /**
     * @param instanceIds the agent's instances, for the instance filter
     * @param status      where "saved to…" and errors are reported
     * @param folders     where the save dialog opens
     */
    public LogsView(LogsModel model, ObservableList<String> instanceIds, Liveness liveness, ZoneId zone,
                    Consumer<String> status, Folders folders) {
        this.model = model;
        this.status = status;
        this.folders = folders;
        getStyleClass().add("logs-view");
        list.setItems(model.visible());
        list.getStyleClass().add("log-list");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(v -> new LineCell());
        list.setFixedCellSize(LINE_HEIGHT); // one height for every line: scrolling skips the measuring
        // wrapped lines have heights of their own; the fixed height comes back when wrapping is off
        wrap.selectedProperty().addListener((o, a, on) -> {
            list.setFixedCellSize(on ? -1 : LINE_HEIGHT);
            list.refresh();
        });
        list.setPlaceholder(new Label("No log lines match."));
        model.visible().addListener((ListChangeListener<LogLine>) c -> {
            if (model.followProperty().get() && !model.visible().isEmpty()) {
                list.scrollTo(model.visible().size() - 1);
            }
        });
        level.getItems().setAll(LEVELS);
        // fixed widths: the toolbar does not shift when a choice's label is longer than the last
        level.setPrefWidth(120);
        instance.setPrefWidth(150);
        level.getSelectionModel().selectFirst();
        InstanceChoice.follow(instance, instanceIds);
        text.setPromptText("Filter text (Ctrl+F)");
        text.setPrefColumnCount(24);
        level.valueProperty().addListener((o, a, b) -> applyFilter());
        instance.valueProperty().addListener((o, a, b) -> applyFilter());
        text.textProperty().addListener((o, a, b) -> applyFilter());
        StaleBanner.mark(list, liveness);
        setTop(new VBox(toolbar(), new StaleBanner(liveness, zone)));
        setCenter(list);
    }

    public ListView<LogLine> list() {
        return list;
    }

    public TextField filterField() {
        return text;
    }

    public ToggleButton wrapToggle() {
        return wrap;
    }

    public ComboBox<String> levelChoice() {
        return level;
    }

    public ComboBox<String> instanceChoice() {
        return instance;
    }

    private void applyFilter() {
        String lv = level.getValue();
        model.filterProperty().set(new LogFilter(
                lv == null || lv.equals(LEVELS.getFirst()) ? Level.ALL : Level.parse(lv),
                InstanceChoice.selected(instance),
                text.getText()));
    }

    private ToolBar toolbar() {
        var pause = new ToggleButton("Pause");
        pause.selectedProperty().bindBidirectional(model.pausedProperty());
        pause.textProperty().bind(Bindings.when(model.pausedProperty())
                .then(Bindings.format("Resume (%d waiting)", model.waitingProperty())).otherwise("Pause"));
        pause.setTooltip(new Tooltip("Stop the text from moving; new lines wait aside (Ctrl+P)"));
        pause.setPrefWidth(170); // "Resume (1234 waiting)" fits: the buttons after it stay put
        var follow = new ToggleButton("Follow");
        follow.selectedProperty().bindBidirectional(model.followProperty());
        follow.setTooltip(new Tooltip("Keep the newest line in view"));
        follow.setSelected(true);
        var copy = new Button("Copy");
        copy.setTooltip(new Tooltip("Copy the selected lines, or all shown lines when none is selected"));
        copy.setOnAction(e -> copy());
        wrap.setTooltip(new Tooltip("Wrap long lines instead of cutting them at the edge"));
        var save = new Button("Save…");
        save.setTooltip(new Tooltip("Save the shown lines to a text file"));
        save.setOnAction(e -> save());
        var counts = new Label();
        counts.getStyleClass().add(Styles.TEXT_MUTED);
        counts.textProperty().bind(Bindings.createStringBinding(() -> model.visible().size() + " of " + model.all().size()
                        + " lines" + (model.droppedProperty().get() > 0 ? " · " + model.droppedProperty().get() + " dropped" : ""),
                model.visible(), model.all(), model.droppedProperty()));
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        counts.setMinWidth(Region.USE_PREF_SIZE);
        var bar = new ToolBar(level, instance, text, pause, follow, wrap, copy, save, spacer, counts);
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    public void copy() {
        var selected = list.getSelectionModel().getSelectedItems();
        var content = new ClipboardContent();
        content.putString(model.format(selected.isEmpty() ? List.copyOf(model.visible()) : List.copyOf(selected)));
        Clipboard.getSystemClipboard().setContent(content);
        status.accept("Copied " + (selected.isEmpty() ? model.visible().size() : selected.size()) + " lines");
    }

    public void save() {
        var chooser = folders.chooser("Save log lines");
        chooser.setInitialFileName("cloudvoter-log.txt");
        var file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            folders.used(file);
            model.save(file.toPath(), n -> status.accept("Saved " + n + " lines to " + file),
                    e -> status.accept("Could not save " + file + ": " + e.getMessage()));
        }
    }

    private final class LineCell extends ListCell<LogLine> {
        private String levelClass;

        @Override
        protected void updateItem(LogLine line, boolean empty) {
            super.updateItem(line, empty);
            if (levelClass != null) {
                getStyleClass().remove(levelClass);
                levelClass = null;
            }
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(model.formatShort(line));
            boolean wrapping = wrap.isSelected();
            setWrapText(wrapping);
            if (wrapping) {
                prefWidthProperty().bind(list.widthProperty().subtract(24));
            } else {
                prefWidthProperty().unbind();
                setPrefWidth(USE_COMPUTED_SIZE);
            }
            levelClass = "log-" + (line.level() == null ? "INFO" : line.level());
            getStyleClass().add(levelClass);
        }
    }
}
