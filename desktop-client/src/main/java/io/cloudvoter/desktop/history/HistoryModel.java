package io.cloudvoter.desktop.history;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.model.api.RunRecord;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The run history of one agent from its REST API: a page of runs with filters, paging back by run id,
 * the success-rate summaries, CSV export and a failed run's screenshot. FX thread only; every call
 * goes through the executor's background.
 */
public final class HistoryModel {
    public static final int PAGE_SIZE = 50;
    /** The summaries are computed from at most this many of the newest runs that match. */
    public static final int SUMMARY_RUNS = 1_000;
    /** The agent answers at most 1,000 runs per call ({@code limit} of {@code GET /api/runs}). */
    static final int AGENT_PAGE = 1_000;

    private final HistoryApi api;
    private final String agent;
    private final UiExecutor executor;
    private final Clock clock;
    private final ZoneId zone;
    private final Consumer<Notice> notices;

    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final ObservableList<SummaryRow> perInstance = FXCollections.observableArrayList();
    private final ObservableList<SummaryRow> perHour = FXCollections.observableArrayList();
    private final ObjectProperty<RunFilter> filter = new SimpleObjectProperty<>(new RunFilter(null, null, "24h"));
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper(1);
    private final ReadOnlyBooleanWrapper hasNext = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<RunRecord> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<byte[]> screenshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper screenshotNote = new ReadOnlyStringWrapper();
    /** The {@code before} id of each page visited: the way back. */
    private final Deque<Long> pageStarts = new ArrayDeque<>();
    private Long currentStart;
    private int request;

    public HistoryModel(AgentApi api, UiExecutor executor, Clock clock, ZoneId zone, Consumer<Notice> notices) {
        this.api = new HistoryApi(api);
        this.agent = api.profile().name();
        this.executor = executor;
        this.clock = clock;
        this.zone = zone;
        this.notices = notices;
    }

    public ObservableList<RunRecord> runs() {
        return runs;
    }

    public ObservableList<SummaryRow> perInstance() {
        return perInstance;
    }

    public ObservableList<SummaryRow> perHour() {
        return perHour;
    }

    public ObjectProperty<RunFilter> filterProperty() {
        return filter;
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasNextProperty() {
        return hasNext.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunRecord> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<byte[]> screenshotProperty() {
        return screenshot.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty screenshotNoteProperty() {
        return screenshotNote.getReadOnlyProperty();
    }

    /** First page for the current filter, and the summaries. */
    public void load() {
        pageStarts.clear();
        page.set(1);
        fetch(null);
        summarize();
    }

    public void next() {
        if (!hasNext.get() || runs.isEmpty()) {
            return;
        }
        pageStarts.push(currentStart == null ? 0L : currentStart);
        page.set(page.get() + 1);
        fetch(runs.getLast().id());
    }

    public void previous() {
        if (pageStarts.isEmpty()) {
            return;
        }
        long start = pageStarts.pop();
        page.set(page.get() - 1);
        fetch(start == 0 ? null : start);
    }

    /** The same page again (new runs appear on page 1). */
    public void refresh() {
        fetch(currentStart);
        if (page.get() == 1) {
            summarize();
        }
    }

    private void fetch(Long before) {
        var f = filter.get();
        int mine = ++request;
        loading.set(true);
        executor.background(() -> api.runs(f, before, PAGE_SIZE + 1), list -> {
            if (mine != request) {
                return;
            }
            loading.set(false);
            error.set(null);
            currentStart = before;
            hasNext.set(list.size() > PAGE_SIZE);
            runs.setAll(list.size() > PAGE_SIZE ? list.subList(0, PAGE_SIZE) : list);
        }, e -> {
            if (mine == request) {
                loading.set(false);
                error.set("Could not load runs: " + e.getMessage());
            }
        });
    }

    private void summarize() {
        var f = filter.get();
        var window = new RunFilter(f.instance(), null, f.since());
        executor.background(() -> newest(window), list -> {
            perInstance.setAll(RunSummary.perInstance(list));
            perHour.setAll(RunSummary.perHour(list, zone));
        }, e -> error.set("Could not load the summary: " + e.getMessage()));
    }

    /** Blocking: pages back through the agent's runs until {@link #SUMMARY_RUNS} or the end. */
    private List<RunRecord> newest(RunFilter window) throws java.io.IOException {
        var all = new ArrayList<RunRecord>();
        Long before = null;
        while (all.size() < SUMMARY_RUNS) {
            var page = api.runs(window, before, AGENT_PAGE);
            all.addAll(page);
            if (page.size() < AGENT_PAGE) {
                break;
            }
            before = page.getLast().id();
        }
        return all;
    }

    /** Shows one run; fetches its failure screenshot when it has one. */
    public void show(RunRecord run) {
        shown.set(run);
        screenshot.set(null);
        if (run == null) {
            screenshotNote.set(null);
            return;
        }
        if (run.artifact() == null) {
            screenshotNote.set("No screenshot: one is kept for FAILED and ERROR runs only.");
            return;
        }
        screenshotNote.set("Loading the screenshot…");
        executor.background(() -> api.artifact(run.id()), bytes -> {
            if (shown.get() == run) {
                screenshot.set(bytes);
                screenshotNote.set(null);
            }
        }, e -> {
            if (shown.get() == run) {
                screenshotNote.set("Screenshot unavailable: " + e.getMessage());
            }
        });
    }

    /** Exports every run matching the filter (not just this page) to a CSV file. */
    public void exportCsv(Path file) {
        var f = filter.get();
        executor.background(() -> api.exportCsv(f, file),
                bytes -> notices.accept(Notice.info(clock.instant(), agent, "CSV exported", file + " (" + bytes / 1024 + " KB)")),
                e -> notices.accept(Notice.failure(clock.instant(), agent, "CSV export failed", e.getMessage())));
    }
}
