package io.cloudvoter.desktop.flows;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Buttons;
import io.cloudvoter.desktop.widgets.Columns;
import io.cloudvoter.model.api.FlowProblem;

import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.function.Predicate;

/**
 * The Flows tab: the agent's flows on the left (name, target, instances using it, valid or its first
 * problem), the one chosen in an editor on the right, and below it the problems the agent found (click one
 * to go to its line) and the last try. Save and Try send the editor's text; the agent checks it first.
 */
public final class FlowsView extends BorderPane {
    static final String FRESH = "no instance (a fresh browser)";
    private final FlowsModel model;
    private final Predicate<String> confirm;
    private final TableView<FlowRow> table = new TableView<>();
    private final FlowEditor editor;
    private final ListView<FlowProblem> problems;
    private final TryResultView tried = new TryResultView();
    private final ComboBox<String> tryAs = new ComboBox<>();
    private final TabPane below = new TabPane();
    private final Label status = new Label();
    private boolean reselecting;

    /**
     * @param instanceIds the agent's instances, for "Try as"
     * @param confirm     asks the operator a yes/no question before a delete
     */
    public FlowsView(FlowsModel model, ObservableList<String> instanceIds, Predicate<String> confirm) {
        this.model = model;
        this.confirm = confirm;
        getStyleClass().add("flows-view");
        editor = new FlowEditor(model.problems());
        problems = problemList(model.problems());
        buildTable();
        followInstances(instanceIds);
        tryAs.setTooltip(new Tooltip("Whose storage state (logins, cookies) and variables the try uses, or none: a fresh browser"));
        tryAs.setId("try-as");
        var problemsTab = new Tab("Problems", problems);
        var tryTab = new Tab("Try", tried);
        below.getTabs().setAll(problemsTab, tryTab);
        below.getTabs().forEach(t -> t.setClosable(false));
        model.problems().addListener((ListChangeListener<FlowProblem>) c -> {
            problemsTab.setText(model.problems().isEmpty() ? "Problems" : "Problems (" + model.problems().size() + ")");
            if (!model.problems().isEmpty()) {
                below.getSelectionModel().select(problemsTab);
            }
        });
        model.lastTryProperty().addListener((o, a, t) -> {
            tried.show(t);
            if (t != null) {
                below.getSelectionModel().select(tryTab);
            }
        });
        model.openedProperty().addListener((o, a, source) -> {
            if (source != null && (a == null || !a.name().equals(source.name()) || !editor.text().equals(source.source()))) {
                editor.setText(source.source());
            }
        });
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add(Styles.TEXT_MUTED);
        var right = new SplitPane(editor, below);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.56);
        var split = new SplitPane(table, right);
        split.setDividerPositions(0.38); // wide enough for a flow's name, its target's start and the verdict
        setTop(toolbar());
        setCenter(split);
        setBottom(statusBar());
        startNew();
    }

    public TableView<FlowRow> table() {
        return table;
    }

    public FlowEditor editor() {
        return editor;
    }

    public ListView<FlowProblem> problems() {
        return problems;
    }

    public TryResultView tried() {
        return tried;
    }

    public ComboBox<String> tryAs() {
        return tryAs;
    }

    /** The editor's text, as Save and Try would send it. */
    public String text() {
        return editor.text();
    }

    public void setText(String text) {
        editor.setText(text);
    }

    public void save() {
        model.save(editor.text());
    }

    public void tryIt() {
        model.tryText(editor.text(), FRESH.equals(tryAs.getValue()) ? null : tryAs.getValue());
    }

    public void startNew() {
        table.getSelectionModel().clearSelection();
        model.startNew();
        editor.setText(FlowTemplate.YAML);
    }

    /** Asks first, naming the instances that would be left without their flow. */
    public void delete() {
        var row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        var users = model.instancesOf(row.name());
        var question = "Delete the flow " + row.name() + " (" + row.file() + ")?\n\n" + (users.isEmpty()
                ? "No instance uses it."
                : users.size() + " instance(s) use it and turn INVALID until a flow of that name comes back: "
                        + String.join(", ", users.size() > 12 ? users.subList(0, 12) : users) + (users.size() > 12 ? ", …" : ""));
        if (confirm.test(question)) {
            model.delete(row.name());
        }
    }

    static String describe(FlowProblem p) {
        return (p.line() == null ? "" : "line " + p.line() + (p.column() == null ? "" : ":" + p.column()) + "  ")
                + (p.field() == null || p.field().isEmpty() ? "" : p.field() + ": ") + p.reason();
    }

    private void buildTable() {
        table.setId("flows-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No flows yet: New from template, edit, Save."));
        var verdict = new TableColumn<FlowRow, FlowRow>("Status");
        verdict.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        verdict.setComparator(java.util.Comparator.comparing(FlowRow::valid));
        verdict.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(FlowRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(null);
                setTooltip(null);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                var badge = Badges.of(row.valid() ? "valid" : "invalid", row.valid() ? "success" : "danger");
                var text = new Label(row.valid() ? "" : row.verdict());
                text.setMinWidth(0);
                var box = new HBox(6, badge, text);
                box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
                setGraphic(box);
                setTooltip(row.valid() ? null : new Tooltip(row.verdict()));
            }
        });
        verdict.setPrefWidth(120);
        table.getColumns().setAll(
                Columns.of("Flow", 120, 110, r -> new SimpleObjectProperty<>(r.name()), s -> s),
                Columns.of("Target", 170, 60, r -> new SimpleObjectProperty<>(r.target()), s -> s),
                Columns.numeric("Instances", 92, 92, r -> new SimpleObjectProperty<>(r.instances()), Object::toString),
                verdict);
        Columns.sortable(table, model.rows());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            var open = model.openedProperty().get();
            if (row != null && !reselecting && (open == null || !open.name().equals(row.name()))) {
                model.open(row.name());
            }
        });
        // the list is rebuilt when it changes: the flow open stays chosen, and the editor keeps what is typed in it
        model.rows().addListener((ListChangeListener<FlowRow>) c -> {
            var open = model.openedProperty().get();
            if (open != null && table.getSelectionModel().getSelectedItem() == null) {
                reselecting = true;
                try {
                    table.getItems().stream().filter(r -> r.name().equals(open.name())).findFirst()
                            .ifPresent(r -> table.getSelectionModel().select(r));
                } finally {
                    reselecting = false;
                }
            }
        });
    }

    private void followInstances(ObservableList<String> ids) {
        Runnable sync = () -> {
            var chosen = tryAs.getValue();
            var items = new java.util.ArrayList<String>();
            items.add(FRESH);
            items.addAll(ids);
            tryAs.getItems().setAll(items);
            tryAs.setValue(chosen != null && items.contains(chosen) ? chosen : FRESH);
        };
        ids.addListener((ListChangeListener<String>) c -> sync.run());
        sync.run();
    }

    private ListView<FlowProblem> problemList(ObservableList<FlowProblem> items) {
        var list = new ListView<>(items);
        list.setId("flow-problems");
        list.setPlaceholder(new Label("No problems. Save and Try send the editor's text to the agent, which checks it first."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(FlowProblem p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : describe(p));
            }
        });
        list.setOnMouseClicked(e -> {
            var p = list.getSelectionModel().getSelectedItem();
            if (p != null && p.line() != null) {
                editor.goTo(p.line());
            }
        });
        list.setOnKeyPressed(e -> {
            var p = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && p != null && p.line() != null) {
                editor.goTo(p.line());
            }
        });
        return list;
    }

    private ToolBar toolbar() {
        var fresh = Buttons.of("New from template", "Start a new flow from a template (not on the agent until saved)", this::startNew);
        var save = Buttons.of("Save", "Send the flow to the agent (Ctrl+S): checked first, written and loaded only when valid", this::save);
        save.setId("flow-save");
        var tryIt = Buttons.of("Try", "Run the flow in the editor once, as the agent would: nothing is recorded or saved", this::tryIt);
        tryIt.setId("flow-try");
        var delete = Buttons.of("Delete…", "Delete the chosen flow from the agent (asks first, naming its instances)", this::delete);
        delete.setId("flow-delete");
        delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(model.busyProperty()));
        save.disableProperty().bind(model.busyProperty());
        tryIt.disableProperty().bind(model.busyProperty());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var as = new Label("Try as");
        as.setMinWidth(Region.USE_PREF_SIZE);
        var bar = new ToolBar(fresh, save, tryIt, as, tryAs, spacer, delete);
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    private HBox statusBar() {
        var bar = new HBox(status);
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

}
