package io.cloudvoter.desktop.history;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.cloudvoter.desktop.connection.Liveness;
import io.cloudvoter.desktop.connection.RunFilter;
import io.cloudvoter.desktop.widgets.Columns;
import io.cloudvoter.desktop.widgets.Folders;
import io.cloudvoter.desktop.widgets.StaleBanner;
import io.cloudvoter.desktop.widgets.TableFilter;
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
import javafx.stage.FileChooser;

import java.io.ByteArrayInputStream;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** Paged run history with filters, success-rate summaries, CSV export and a failed run's screenshot. */
public final class HistoryView extends BorderPane {
    static final Map<String, String> PERIODS = periods();

    private final HistoryModel model;
    private final ZoneId zone;
    private final TableView<RunRecord> runs = new TableView<>();
    private final ComboBox<String> instance = new ComboBox<>();
    private final ComboBox<Outcome> outcome = new ComboBox<>();
    private final ComboBox<String> period = new ComboBox<>();
    private final TabPane side = new TabPane();
    private final Folders folders;
    private final TableFilter<RunRecord> filter;
    private boolean loaded;

    /** @param folders where the CSV export's file dialog opens */
    public HistoryView(HistoryModel model, ObservableList<String> instanceIds, Liveness liveness, ZoneId zone, Folders folders) {
        this.model = model;
        this.zone = zone;
        this.folders = folders;
        getStyleClass().add("history-view");
        InstanceChoice.follow(instance, instanceIds);
        // null is "any outcome"; the words are the table's ("rate limited"), not the wire's RATE_LIMITED
        outcome.getItems().add(null);
        outcome.getItems().addAll(Outcome.values());
        outcome.setCellFactory(v -> outcomeCell());
        outcome.setButtonCell(outcomeCell());
        outcome.setValue(null);
        for (var box : java.util.List.of(instance, outcome, period)) {
            box.setPrefWidth(150);
        }
        period.getItems().setAll(PERIODS.keySet());
        period.setValue("Last 24 hours");
        for (var box : java.util.List.of(instance, outcome, period)) {
            box.valueProperty().addListener((o, a, b) -> applyFilter());
        }
        filter = new TableFilter<>(runs, model.runs(), HistoryView::searchText, "Filter this page");
        runs.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        runs.setPlaceholder(new Label("No runs match these filters."));
        // every header whole; the message gives way. Each column holds its value and sorts by it.
        runs.getColumns().setAll(
                Columns.numeric("Run", 60, 55, r -> value(r.id()), Object::toString),
                Columns.of("Started", 125, 118, r -> value(r.startedAt()), t -> Display.shortDateTime(t, zone)),
                Columns.of("Instance", 105, 90, r -> value(r.instanceId()), s -> s),
                outcomeColumn(),
                Columns.numeric("Duration", 80, 86, r -> value(r.durationMs()), Display::millis),
                Columns.numeric("Value", 60, 66, r -> value(r.extracted()), Display::number),
                Columns.of("Message", 300, 150, r -> value(r.message()), s -> s));
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
        StaleBanner.mark(runs, liveness);
        var split = new SplitPane(left, side);
        split.setDividerPositions(0.58);
        setTop(new VBox(toolbar(), new StaleBanner(liveness, zone)));
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

    /** The filter box over the page. */
    public TableFilter<RunRecord> filter() {
        return filter;
    }

    public ComboBox<Outcome> outcomeChoice() {
        return outcome;
    }

    private static String searchText(RunRecord r) {
        return String.join(" ", Long.toString(r.id()), r.instanceId() == null ? "" : r.instanceId(),
                r.flow() == null ? "" : r.flow(), Badges.words(r.outcome()), r.message() == null ? "" : r.message());
    }

    private static javafx.scene.control.ListCell<Outcome> outcomeCell() {
        return new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Outcome o, boolean empty) {
                super.updateItem(o, empty);
                setText(o == null ? "Any outcome" : Badges.words(o));
            }
        };
    }

    private static <T> javafx.beans.value.ObservableValue<T> value(T v) {
        return new SimpleObjectProperty<>(v);
    }

    private void applyFilter() {
        model.filterProperty().set(new RunFilter(InstanceChoice.selected(instance), outcome.getValue(),
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
        error.setMinWidth(0);
        var bar = new ToolBar(instance, outcome, period, refresh, export, spacer, error, filter.field());
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    public void exportCsv() {
        var file = exportChooser().showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            folders.used(file);
            model.exportCsv(file.toPath());
        }
    }

    /** Opens in the folder last used, or the documents folder; never the process's working folder. */
    public FileChooser exportChooser() {
        var chooser = folders.chooser("Export runs as CSV");
        chooser.setInitialFileName("cloudvoter-runs.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        return chooser;
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
        note.setMinHeight(Region.USE_PREF_SIZE); // the tables give way, the footnote stays whole
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
        Columns.sortable(t, rows);
        t.getColumns().setAll(
                Columns.of(keyTitle, 142, 142, r -> value(r.key()), s -> s), // "2026-11-27 09:00" whole
                Columns.numeric("Runs", 56, 56, r -> value(r.runs()), Object::toString),
                Columns.numeric("OK", 42, 42, r -> value(r.successes()), Object::toString),
                Columns.numeric("Failed", 70, 70, r -> value(r.failures()), Object::toString),
                Columns.numeric("Limited", 78, 78, r -> value(r.rateLimited()), Object::toString),
                Columns.numeric("Rate", 60, 60, r -> value(r.successRate()),
                        rate -> rate < 0 ? "—" : String.format("%.0f %%", rate * 100)));
        return t;
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
        var c = Columns.of("Outcome", 110, 110, (RunRecord r) -> value(r.outcome()), Badges::words);
        c.setCellFactory(col -> Badges.cell(Badges::tone));
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
