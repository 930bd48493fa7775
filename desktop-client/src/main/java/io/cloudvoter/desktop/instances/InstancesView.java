package io.cloudvoter.desktop.instances;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;

import java.time.ZoneId;
import java.util.function.Function;

/** The live instances table with its row actions (toolbar, context menu, Ctrl+R / Ctrl+Shift+R). */
public final class InstancesView extends BorderPane {
    private final InstancesModel model;
    private final TableView<InstanceRow> table = new TableView<>();

    public InstancesView(InstancesModel model, ZoneId zone) {
        this.model = model;
        getStyleClass().add("instances-view");
        table.setItems(model.rows());
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        // the narrow columns keep their headers whole; the outcome's message and the names give way
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setPlaceholder(new Label("No instances yet. They appear here as soon as the agent's snapshot arrives."));
        table.getColumns().setAll(
                text("Instance", 115, 80, InstanceStatus::id),
                text("Flow", 120, 80, s -> s.flow()),
                badge("State", 95, InstanceStatus::state, Badges::tone),
                lastOutcome(zone),
                countdown(),
                number("Successes", 90, InstanceStatus::successes),
                number("Failures", 78, InstanceStatus::failures),
                number("Rate limits", 100, InstanceStatus::rateLimited),
                text("Last value", 92, 92, s -> s.lastExtracted() == null ? "" : Display.number(s.lastExtracted())),
                text("Storage state", 116, 116, s -> s.hasStorageState() ? "saved" : "none"));
        table.setContextMenu(menu());
        table.setRowFactory(t -> {
            var row = new javafx.scene.control.TableRow<InstanceRow>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    runNow();
                }
            });
            return row;
        });
        setTop(toolbar());
        setCenter(table);
    }

    public TableView<InstanceRow> table() {
        return table;
    }

    private ToolBar toolbar() {
        var selected = table.getSelectionModel().selectedItemProperty();
        var none = selected.isNull();
        var runNow = button("Run now", "Run the selected instance now (Ctrl+R, or double-click a row)", this::runNow);
        var restart = button("Restart", "Stop its run in flight and run again at once (Ctrl+Shift+R)", this::restart);
        var toggle = button("Disable", "Switch its schedule off or on", this::toggleEnabled);
        toggle.textProperty().bind(Bindings.createStringBinding(() -> {
            var row = selected.get();
            return row != null && !row.status().enabled() ? "Enable" : "Disable";
        }, selected, selectedStatus()));
        var upload = button("Upload storage state…", "Replace its cookies and local storage with a Playwright storageState JSON file",
                this::upload);
        for (var b : new Button[]{runNow, restart, toggle, upload}) {
            b.disableProperty().bind(none);
        }
        var count = new Label();
        count.textProperty().bind(Bindings.size(model.rows()).asString("%d instances"));
        count.getStyleClass().add(Styles.TEXT_MUTED);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new ToolBar(runNow, restart, toggle, upload, spacer, count);
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    /** Changes whenever the selected row's status does. */
    private ObservableValue<InstanceStatus> selectedStatus() {
        return table.getSelectionModel().selectedItemProperty().flatMap(InstanceRow::statusProperty);
    }

    private ContextMenu menu() {
        var run = new MenuItem("Run now");
        run.setOnAction(e -> runNow());
        var restart = new MenuItem("Restart");
        restart.setOnAction(e -> restart());
        var toggle = new MenuItem("Enable / disable");
        toggle.setOnAction(e -> toggleEnabled());
        var upload = new MenuItem("Upload storage state…");
        upload.setOnAction(e -> upload());
        return new ContextMenu(run, restart, toggle, upload);
    }

    public void runNow() {
        selected(row -> model.runNow(row.id()));
    }

    public void restart() {
        selected(row -> model.restart(row.id()));
    }

    private void toggleEnabled() {
        selected(row -> model.setEnabled(row.id(), !row.status().enabled()));
    }

    private void upload() {
        selected(row -> {
            var chooser = new FileChooser();
            chooser.setTitle("Storage state for " + row.id());
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Playwright storage state (JSON)", "*.json"));
            var file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (file != null) {
                model.uploadStorageState(row.id(), file.toPath());
            }
        });
    }

    private void selected(java.util.function.Consumer<InstanceRow> action) {
        var row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            action.accept(row);
        }
    }

    private static Button button(String text, String tip, Runnable action) {
        var b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private static TableColumn<InstanceRow, String> text(String title, double width, double min,
                                                         Function<InstanceStatus, String> field) {
        var c = new TableColumn<InstanceRow, String>(title);
        c.setPrefWidth(width);
        c.setMinWidth(min);
        c.setCellValueFactory(cell -> cell.getValue().map(field));
        return c;
    }

    private static TableColumn<InstanceRow, Long> number(String title, double width, Function<InstanceStatus, Long> field) {
        var c = new TableColumn<InstanceRow, Long>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellValueFactory(cell -> cell.getValue().map(field));
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        return c;
    }

    private static <T extends Enum<T>> TableColumn<InstanceRow, T> badge(String title, double width,
                                                                       Function<InstanceStatus, T> field,
                                                                       Function<T, String> tone) {
        var c = new TableColumn<InstanceRow, T>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellValueFactory(cell -> cell.getValue().map(field));
        c.setCellFactory(col -> Badges.cell(tone));
        return c;
    }

    private TableColumn<InstanceRow, InstanceStatus> lastOutcome(ZoneId zone) {
        var c = new TableColumn<InstanceRow, InstanceStatus>("Last outcome");
        c.setPrefWidth(300);
        c.setMinWidth(190);
        c.setCellValueFactory(cell -> cell.getValue().statusProperty());
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(InstanceStatus s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null || s.lastOutcome() == null) {
                    setGraphic(null);
                    setText(empty || s == null ? null : "no run yet");
                    setTooltip(null);
                    return;
                }
                Outcome o = s.lastOutcome();
                var when = new Label(Display.time(s.lastRunAt(), zone));
                when.getStyleClass().add(Styles.TEXT_MUTED);
                when.setMinWidth(Region.USE_PREF_SIZE);
                var message = new Label(s.lastMessage() == null ? "" : s.lastMessage());
                message.setMinWidth(0);
                var box = new HBox(6, Badges.of(Badges.words(o), Badges.tone(o)), when, message);
                box.setAlignment(Pos.CENTER_LEFT);
                setText(null);
                setGraphic(box);
                setTooltip(s.lastMessage() == null ? null : new Tooltip(s.lastMessage()));
            }
        });
        return c;
    }

    private TableColumn<InstanceRow, String> countdown() {
        var c = new TableColumn<InstanceRow, String>("Next run");
        c.setPrefWidth(180);
        c.setMinWidth(175); // "due — waiting for a slot" whole
        c.setCellValueFactory(cell -> cell.getValue().countdown());
        return c;
    }

}
