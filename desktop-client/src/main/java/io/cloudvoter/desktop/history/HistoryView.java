package io.cloudvoter.desktop.history;

import io.cloudvoter.desktop.connection.Liveness;
import io.cloudvoter.desktop.widgets.Folders;
import io.cloudvoter.desktop.widgets.StaleBanner;
import io.cloudvoter.desktop.widgets.TableFilter;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import javafx.collections.ObservableList;
import javafx.scene.control.ComboBox;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.time.ZoneId;

/**
 * The run history of one agent, in panes: the filters on top ({@link HistoryFilters}), a page of runs
 * ({@link RunTable}) with its pager ({@link HistoryPager}), and beside it the success rates
 * ({@link SuccessRates}) and the selected run ({@link RunDetail}).
 */
public final class HistoryView extends BorderPane {
    private final HistoryModel model;
    private final RunTable table;
    private final HistoryFilters filters;
    private final TableFilter<RunRecord> pageFilter;
    private final Folders folders;
    private boolean loaded;

    /** @param folders where the CSV export's file dialog opens */
    public HistoryView(HistoryModel model, ObservableList<String> instanceIds, Liveness liveness, ZoneId zone, Folders folders) {
        this.model = model;
        this.folders = folders;
        getStyleClass().add("history-view");
        this.table = new RunTable(zone);
        this.pageFilter = new TableFilter<>(table, model.runs(), RunText::searchText, "Filter this page");
        this.filters = new HistoryFilters(model, instanceIds, this::ask, this::exportCsv, pageFilter.field());
        var side = new TabPane(new Tab("Success rate", new SuccessRates(model)), new Tab("Selected run", new RunDetail(model, zone)));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, run) -> {
            model.show(run);
            if (run != null) {
                side.getSelectionModel().select(1);
            }
        });
        var page = new BorderPane(table);
        page.setBottom(new HistoryPager(model));
        StaleBanner.mark(table, liveness);
        var split = new SplitPane(page, side);
        split.setDividerPositions(0.58);
        setTop(new VBox(filters, new StaleBanner(liveness, zone)));
        setCenter(split);
        // no load on joining the scene: a TabPane puts every tab's content into the scene at start, so
        // that would load the page when the window opens rather than when the History tab is shown
    }

    public TableView<RunRecord> table() {
        return table;
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
        return pageFilter;
    }

    public ComboBox<Outcome> outcomeChoice() {
        return filters.outcome();
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

    /** A new filter: the model asks the agent for it, at once if the history has been shown. */
    private void ask(RunFilter filter) {
        model.filterProperty().set(filter);
        if (loaded) {
            model.load();
        }
    }
}
