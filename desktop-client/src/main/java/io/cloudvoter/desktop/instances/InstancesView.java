package io.cloudvoter.desktop.instances;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.connection.Liveness;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Buttons;
import io.cloudvoter.desktop.widgets.Columns;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.desktop.widgets.Folders;
import io.cloudvoter.desktop.widgets.StaleBanner;
import io.cloudvoter.desktop.widgets.Steady;
import io.cloudvoter.desktop.widgets.TableFilter;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;

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
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The live instances table with a filter box and its row actions (toolbar, context menu, Ctrl+R /
 * Ctrl+Shift+R). Every column sorts by its value. While the link is down the table looks stale and the
 * countdowns stop claiming anything.
 */
public final class InstancesView extends BorderPane {
    private static final String STALE_NEXT_RUN = "unknown — disconnected";

    private final InstancesModel model;
    private final Liveness liveness;
    private final Predicate<String> confirm;
    private final Folders folders;
    private final TableView<InstanceRow> table = new TableView<>();
    private final TableFilter<InstanceRow> filter;
    private final InstanceTools tools;
    /** Kept: the toggle's label follows it, and a binding's dependency must not be collected. */
    private final ObservableValue<InstanceStatus> selectedStatus;

    /**
     * @param confirm asks the operator a yes/no question before a restart (a dialog in the app; a stub in tests)
     * @param folders where the storage-state file dialog opens
     * @param tools   adding, changing, removing instances and capturing logins
     */
    public InstancesView(InstancesModel model, Liveness liveness, ZoneId zone, Predicate<String> confirm, Folders folders,
                         InstanceTools tools) {
        this.model = model;
        this.tools = tools;
        this.liveness = liveness;
        this.confirm = confirm;
        this.folders = folders;
        getStyleClass().add("instances-view");
        filter = new TableFilter<>(table, model.rows(), InstancesView::searchText, "Filter instances");
        selectedStatus = table.getSelectionModel().selectedItemProperty().flatMap(InstanceRow::statusProperty);
        // several rows may be chosen for Remove; the other actions take one
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // the narrow columns keep their headers whole; the outcome's message and the names give way
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setPlaceholder(new Label("No instances yet. They appear here as soon as the agent's snapshot arrives."));
        table.getColumns().setAll(
                Columns.of("Instance", 115, 80, r -> constant(r.id()), s -> s),
                Columns.of("Flow", 120, 80, r -> r.map(InstanceStatus::flow), s -> s),
                stateColumn(),
                lastOutcome(zone),
                nextRunColumn(),
                Columns.numeric("Successes", 90, 90, r -> r.map(InstanceStatus::successes), Object::toString),
                Columns.numeric("Failures", 78, 78, r -> r.map(InstanceStatus::failures), Object::toString),
                Columns.numeric("Rate limits", 100, 100, r -> r.map(InstanceStatus::rateLimited), Object::toString),
                Columns.numeric("Last value", 92, 92, r -> r.map(InstanceStatus::lastExtracted), Display::number),
                Columns.of("Storage state", 116, 116, r -> r.map(InstanceStatus::hasStorageState), b -> b ? "saved" : "none"));
        table.setContextMenu(menu());
        table.setRowFactory(t -> {
            var row = new TableRow<InstanceRow>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    runNow();
                }
            });
            return row;
        });
        StaleBanner.mark(table, liveness);
        liveness.liveProperty().addListener((o, a, b) -> table.refresh());
        setTop(new VBox(toolbar(), new StaleBanner(liveness, zone)));
        setCenter(table);
    }

    public TableView<InstanceRow> table() {
        return table;
    }

    /** The filter box over the table (the rows it lets through are {@code filter().shown()}). */
    public TableFilter<InstanceRow> filter() {
        return filter;
    }

    private static String searchText(InstanceRow r) {
        var s = r.status();
        return String.join(" ", r.id(), s.flow() == null ? "" : s.flow(), Badges.words(InstanceRow.shownState(s)),
                Badges.words(s.lastOutcome()), s.lastMessage() == null ? "" : s.lastMessage());
    }

    private ToolBar toolbar() {
        var selected = javafx.beans.binding.Bindings.size(table.getSelectionModel().getSelectedItems());
        var notOne = selected.isNotEqualTo(1);
        var runNow = Buttons.of("Run now", "Run the selected instance now (Ctrl+R, or double-click a row)", this::runNow);
        var restart = Buttons.of("Restart", "Stop its run in flight and run again at once (Ctrl+Shift+R; asks first)", this::restart);
        var toggle = Buttons.of("Disable", "Switch its schedule off or on", this::toggleEnabled);
        toggle.setId("toggle-enabled");
        toggle.setMinWidth(Region.USE_PREF_SIZE);
        // reads the selected row's status itself, so the label changes as soon as the row does
        toggle.textProperty().bind(selectedStatus.map(s -> s.enabled() ? "Disable" : "Enable").orElse("Disable"));
        var add = Buttons.of("Add…", "Add an instance (Ctrl+N)", this::add);
        add.setId("instance-add");
        var addMany = Buttons.of("Add many…", "Add a numbered series of instances at once: poll-1 … poll-50", this::addMany);
        addMany.setId("instance-add-many");
        var change = Buttons.of("Change…", "Change its flow, cooldown, variables or secrets", this::change);
        change.setId("instance-change");
        var login = Buttons.of("Capture login…", "Log in by hand in a browser here; its cookies go to this instance", this::captureLogin);
        login.setId("instance-capture-login");
        var remove = Buttons.of("Remove…", "Remove the chosen instances (Delete; asks first)", this::remove);
        remove.setId("instance-remove");
        remove.disableProperty().bind(selected.isEqualTo(0));
        for (var b : new Button[]{runNow, restart, toggle, change, login}) {
            b.disableProperty().bind(notOne);
        }
        var count = new Label();
        count.textProperty().bind(filter.count(model.rows(), "instances"));
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.setMinWidth(Region.USE_PREF_SIZE);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new ToolBar(add, addMany, new javafx.scene.control.Separator(), runNow, restart, toggle, change, login, remove,
                spacer, filter.field(), count);
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    private ContextMenu menu() {
        var run = new MenuItem("Run now");
        run.setOnAction(e -> runNow());
        var restart = new MenuItem("Restart…");
        restart.setOnAction(e -> restart());
        var toggle = new MenuItem("Enable / disable");
        toggle.setOnAction(e -> toggleEnabled());
        var change = new MenuItem("Change…");
        change.setOnAction(e -> change());
        var login = new MenuItem("Capture login…");
        login.setOnAction(e -> captureLogin());
        var upload = new MenuItem("Upload storage state…");
        upload.setOnAction(e -> upload());
        var remove = new MenuItem("Remove…");
        remove.setOnAction(e -> remove());
        return new ContextMenu(run, restart, toggle, change, login, upload, new javafx.scene.control.SeparatorMenuItem(), remove);
    }

    public void runNow() {
        selected(row -> model.runNow(row.id()));
    }

    /** Asks first: a restart interrupts the run in flight, which is recorded INTERRUPTED. */
    public void restart() {
        selected(row -> {
            boolean running = row.status().state() == InstanceState.RUNNING;
            if (confirm.test("Restart " + row.id() + "?\n\n" + (running
                    ? "Its run in flight is stopped (recorded INTERRUPTED) and a new run starts at once."
                    : "A new run starts at once."))) {
                model.restart(row.id());
            }
        });
    }

    /** Ctrl+N. */
    public InstanceForm add() {
        return InstanceForm.show(window(), InstanceForm.Mode.ADD, tools.changes(), tools.flows().get(), null, java.util.List.of());
    }

    public InstanceForm addMany() {
        return InstanceForm.show(window(), InstanceForm.Mode.ADD_MANY, tools.changes(), tools.flows().get(), null, java.util.List.of());
    }

    public InstanceForm change() {
        var row = one();
        return row == null ? null : InstanceForm.show(window(), InstanceForm.Mode.EDIT, tools.changes(), tools.flows().get(),
                row.status(), tools.secretNames().apply(row));
    }

    public void captureLogin() {
        var row = one();
        if (row != null) {
            tools.captureLogin().accept(row);
        }
    }

    /** Delete: asks first, naming what goes. */
    public void remove() {
        var rows = java.util.List.copyOf(table.getSelectionModel().getSelectedItems());
        if (rows.isEmpty()) {
            return;
        }
        var ids = rows.stream().map(InstanceRow::id).toList();
        var config = rows.stream().filter(r -> "config".equals(r.status().source())).map(InstanceRow::id).toList();
        var names = ids.size() <= 10 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 10)) + ", … (" + ids.size() + " in all)";
        var question = "Remove " + names + "?\n\nA run in flight is stopped; the storage state (logins) is deleted; the history stays."
                + (config.isEmpty() ? "" : "\n\n" + String.join(", ", config)
                + " come(s) from the agent's config file: the agent refuses to remove those (edit the file, or disable them).");
        if (confirm.test(question)) {
            tools.changes().remove(ids);
        }
    }

    private InstanceRow one() {
        var rows = table.getSelectionModel().getSelectedItems();
        return rows.size() == 1 ? rows.getFirst() : null;
    }

    private javafx.stage.Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private void toggleEnabled() {
        selected(row -> model.setEnabled(row.id(), !row.status().enabled()));
    }

    private void upload() {
        selected(row -> {
            var chooser = folders.chooser("Storage state for " + row.id());
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("Playwright storage state (JSON)", "*.json"));
            var file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (file != null) {
                folders.used(file);
                model.uploadStorageState(row.id(), file.toPath());
            }
        });
    }

    private void selected(Consumer<InstanceRow> action) {
        var row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            action.accept(row);
        }
    }


    private static <T> ObservableValue<T> constant(T value) {
        return new javafx.beans.property.SimpleObjectProperty<>(value);
    }

    private TableColumn<InstanceRow, InstanceState> stateColumn() {
        var c = Columns.of("State", 95, 95, (InstanceRow r) -> r.map(InstanceRow::shownState), Badges::words,
                Comparator.<InstanceState>naturalOrder());
        c.setCellFactory(col -> Badges.cell(Badges::tone));
        return c;
    }

    private TableColumn<InstanceRow, InstanceStatus> lastOutcome(ZoneId zone) {
        Function<InstanceStatus, Instant> when = InstanceStatus::lastRunAt;
        var c = Columns.of("Last outcome", 300, 190, InstanceRow::statusProperty, s -> "",
                Comparator.comparing(when, Comparator.nullsFirst(Comparator.naturalOrder())));
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
                var time = new Label(Display.time(s.lastRunAt(), zone));
                time.getStyleClass().add(Styles.TEXT_MUTED);
                time.setMinWidth(Region.USE_PREF_SIZE);
                var message = new Label(s.lastMessage() == null ? "" : s.lastMessage());
                message.setMinWidth(0);
                var box = new HBox(6, Badges.of(Badges.words(o), Badges.tone(o)), time, message);
                box.setAlignment(Pos.CENTER_LEFT);
                setText(null);
                setGraphic(box);
                setTooltip(s.lastMessage() == null ? null : new Tooltip(s.lastMessage()));
            }
        });
        return c;
    }

    private TableColumn<InstanceRow, NextRun> nextRunColumn() {
        var c = Columns.of("Next run", 180, 175, InstanceRow::nextRun, NextRun::text, NextRun.SOONEST);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(NextRun next, boolean empty) {
                super.updateItem(next, empty);
                setText(empty || next == null ? null : liveness.liveProperty().get() ? next.text() : STALE_NEXT_RUN);
                // the countdown changes every second, the reason rarely: its tooltip stays until it does
                Steady.tooltip(this, empty || next == null ? null : next.why());
            }
        });
        return c;
    }
}
