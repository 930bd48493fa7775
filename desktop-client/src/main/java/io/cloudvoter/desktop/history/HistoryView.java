package io.cloudvoter.desktop.history;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.connection.RunFilter;
import io.cloudvoter.desktop.widgets.Badges;
import io.cloudvoter.desktop.widgets.Display;
import io.cloudvoter.desktop.widgets.InstanceChoice;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.Cursor;
import javafx.scene.Scene;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.stage.FileChooser;

import java.io.ByteArrayInputStream;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Paged run history with filters, success-rate summaries, CSV export and a failed run's screenshot. */
public final class HistoryView extends BorderPane {
    static final Map<String, String> PERIODS = periods();

    private final HistoryModel model;
    private final ZoneId zone;
    private final TableView<RunRecord> runs = new TableView<>();
    private final ComboBox<String> instance = new ComboBox<>();
    private final ComboBox<String> outcome = new ComboBox<>();
    private final ComboBox<String> period = new ComboBox<>();
    private final TabPane side = new TabPane();
    private boolean loaded;

    public HistoryView(HistoryModel model, ObservableList<String> instanceIds, ZoneId zone) {
        this.model = model;
        this.zone = zone;
        getStyleClass().add("history-view");
        InstanceChoice.follow(instance, instanceIds);
        outcome.getItems().add("Any outcome");
        for (var o : Outcome.values()) {
            outcome.getItems().add(o.name());
        }
        outcome.setValue("Any outcome");
        period.getItems().setAll(PERIODS.keySet());
        period.setValue("Last 24 hours");
        for (var box : java.util.List.of(instance, outcome, period)) {
            box.valueProperty().addListener((o, a, b) -> applyFilter());
        }
        runs.setItems(model.runs());
        runs.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        runs.setPlaceholder(new Label("No runs match these filters."));
        runs.getColumns().setAll(
                column("Run", 60, r -> Long.toString(r.id())),
                column("Started", 125, r -> Display.shortDateTime(r.startedAt(), zone)),
                column("Instance", 105, RunRecord::instanceId),
                outcomeColumn(),
                column("Duration", 80, r -> Display.millis(r.durationMs())),
                column("Value", 60, r -> Display.number(r.extracted())),
                column("Message", 300, r -> r.message() == null ? "" : r.message()));
        // every header whole; the message gives way
        double[] minimum = {55, 118, 90, 110, 86, 66, 150};
        for (int i = 0; i < minimum.length; i++) {
            runs.getColumns().get(i).setMinWidth(minimum[i]);
        }
        runs.getSelectionModel().selectedItemProperty().addListener((o, a, run) -> {
            model.show(run);
            if (run != null) {
                side.getSelectionModel().select(1);
            }
        });
        side.getTabs().setAll(new Tab("Success rate", summaries()), new Tab("Selected run", runDetail()));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        var left = new BorderPane(runs);
        left.setBottom(pager());
        var split = new SplitPane(left, side);
        split.setDividerPositions(0.58);
        setTop(toolbar());
        setCenter(split);
        // no load on joining the scene: a TabPane puts every tab's content into the scene at start, so
        // that would load the page when the window opens rather than when the History tab is shown
    }

    public TableView<RunRecord> table() {
        return runs;
    }

    /** Loads the first page the first time the view is shown (the window calls it when its tab is selected). */
    public void loadOnce() {
        if (!loaded && getScene() != null) {
            loaded = true;
            model.load();
        }
    }

    private void applyFilter() {
                String out = outcome.getValue();
        model.filterProperty().set(new RunFilter(
                InstanceChoice.selected(instance),
                out == null || out.equals("Any outcome") ? null : Outcome.valueOf(out),
                PERIODS.get(period.getValue())));
        if (loaded) {
            model.load();
        }
    }

    private ToolBar toolbar() {
        var refresh = new Button("Refresh");
        refresh.setTooltip(new Tooltip("Load this page again (F5)"));
        refresh.setOnAction(e -> model.refresh());
        var export = new Button("Export CSV…");
        export.setTooltip(new Tooltip("Every run that matches the filters, not only this page (Ctrl+E)"));
        export.setOnAction(e -> exportCsv());
        var error = new Label();
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add(Styles.DANGER);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new ToolBar(instance, outcome, period, refresh, export, spacer, error);
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    public void exportCsv() {
        var chooser = new FileChooser();
        chooser.setTitle("Export runs as CSV");
        chooser.setInitialFileName("cloudvoter-runs.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        var file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            model.exportCsv(file.toPath());
        }
    }

    private HBox pager() {
        var previous = new Button("‹ Newer");
        previous.disableProperty().bind(model.pageProperty().lessThanOrEqualTo(1));
        previous.setOnAction(e -> model.previous());
        var next = new Button("Older ›");
        next.disableProperty().bind(model.hasNextProperty().not());
        next.setOnAction(e -> model.next());
        var page = new Label();
        page.textProperty().bind(Bindings.createStringBinding(() -> "Page " + model.pageProperty().get()
                        + (model.loadingProperty().get() ? " · loading…" : "") + " · " + HistoryModel.PAGE_SIZE + " runs per page",
                model.pageProperty(), model.loadingProperty()));
        page.getStyleClass().add(Styles.TEXT_MUTED);
        var box = new HBox(8, previous, page, next);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 10, 6, 10));
        return box;
    }

    private VBox summaries() {
        var note = new Label("Success rate = successes ÷ (successes + failures). Rate-limited and interrupted runs are"
                + " not counted. From the newest " + HistoryModel.SUMMARY_RUNS + " runs in the period.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        var perInstance = summaryTable("Instance", model.perInstance());
        var perHour = summaryTable("Hour", model.perHour());
        VBox.setVgrow(perInstance, Priority.ALWAYS);
        VBox.setVgrow(perHour, Priority.ALWAYS);
        var box = new VBox(6, title("Per instance"), perInstance, title("Per hour"), perHour, note);
        box.setPadding(new Insets(8));
        return box;
    }

    private static Label title(String text) {
        var l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return l;
    }

    private static TableView<SummaryRow> summaryTable(String keyTitle, ObservableList<SummaryRow> rows) {
        var t = new TableView<>(rows);
        t.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        // the counts keep their headers whole; the key column gives way
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        t.setPlaceholder(new Label("No runs in this period."));
        t.getColumns().setAll(
                summaryColumn(keyTitle, 142, SummaryRow::key),
                summaryColumn("Runs", 56, r -> Long.toString(r.runs())),
                summaryColumn("OK", 42, r -> Long.toString(r.successes())),
                summaryColumn("Failed", 70, r -> Long.toString(r.failures())),
                summaryColumn("Limited", 78, r -> Long.toString(r.rateLimited())),
                summaryColumn("Rate", 60, SummaryRow::successRateText));
        t.getColumns().getFirst().setMinWidth(142); // "2026-11-27 09:00" whole
        return t;
    }

    private static TableColumn<SummaryRow, String> summaryColumn(String title, double width, Function<SummaryRow, String> f) {
        var c = new TableColumn<SummaryRow, String>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellValueFactory(cell -> new SimpleStringProperty(f.apply(cell.getValue())));
        return c;
    }

    private ScrollPane runDetail() {
        var heading = new Label();
        heading.getStyleClass().add(Styles.TITLE_4);
        var message = new Label();
        message.setWrapText(true);
        var note = new Label();
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.setWrapText(true);
        note.textProperty().bind(model.screenshotNoteProperty());
        var image = new ImageView();
        image.setPreserveRatio(true);
        model.shownProperty().addListener((o, a, run) -> {
            heading.setText(run == null ? "Select a run" : "Run " + run.id() + " · " + run.instanceId() + " · "
                    + Badges.words(run.outcome()));
            message.setText(run == null ? "" : Display.dateTime(run.startedAt(), zone) + "  ("
                    + Display.millis(run.durationMs()) + ")\n" + (run.message() == null ? "" : run.message()));
        });
        model.screenshotProperty().addListener((o, a, bytes) ->
                image.setImage(bytes == null ? null : new Image(new ByteArrayInputStream(bytes))));
        heading.setText("Select a run");
        // framed, so a mostly white page reads as a picture; a click opens it at full size
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
        var box = new VBox(8, heading, message, note, frame);
        box.setPadding(new Insets(10));
        var scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        image.fitWidthProperty().bind(scroll.widthProperty().subtract(40));
        return scroll;
    }

    private void showFullSize(Image picture, String title) {
        var view = new ImageView(picture);
        var pane = new ScrollPane(view);
        var stage = new Stage();
        stage.initOwner(getScene() == null ? null : getScene().getWindow());
        stage.setTitle(title);
        stage.setScene(new Scene(pane, Math.min(picture.getWidth() + 20, 1280), Math.min(picture.getHeight() + 20, 860)));
        stage.show();
    }

    private TableColumn<RunRecord, Outcome> outcomeColumn() {
        var c = new TableColumn<RunRecord, Outcome>("Outcome");
        c.setPrefWidth(110);
        c.setCellValueFactory(cell -> new SimpleObjectProperty<>(cell.getValue().outcome()));
        c.setCellFactory(col -> Badges.cell(Badges::tone));
        return c;
    }

    private static TableColumn<RunRecord, String> column(String title, double width, Function<RunRecord, String> f) {
        var c = new TableColumn<RunRecord, String>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new SimpleStringProperty(f.apply(cell.getValue())));
        return c;
    }

    private static Map<String, String> periods() {
        var m = new LinkedHashMap<String, String>();
        m.put("Last hour", "1h");
        m.put("Last 24 hours", "24h");
        m.put("Last 7 days", "7d");
        m.put("Last 30 days", "30d");
        m.put("All time", null);
        return java.util.Collections.unmodifiableMap(m);
    }
}
