package io.cloudvoter.desktop.instances;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.RunRecord;

import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The instances of one agent, kept current from its events, plus the row actions. Rows are sorted by
 * id and updated in place. {@link #tick()} moves the countdowns (the view calls it every second).
 */
public final class InstancesModel {
    /** Reports a row whose status changed as an update, so filters and sorted views look at it again. */
    private final ObservableList<InstanceRow> rows = FXCollections.observableArrayList(r -> new Observable[]{r.statusProperty()});
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<InstanceRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final Map<String, InstanceRow> byId = new HashMap<>();
    private final ReadOnlyObjectWrapper<Instant> now;
    private final Clock clock;
    private final AgentApi api;
    private final UiExecutor executor;
    private final Consumer<Notice> notices;
    private final String agentName;

    public InstancesModel(AgentApi api, UiExecutor executor, Clock clock, Consumer<Notice> notices) {
        this.api = api;
        this.executor = executor;
        this.clock = clock;
        this.notices = notices;
        this.agentName = api.profile().name();
        this.now = new ReadOnlyObjectWrapper<>(clock.instant());
    }

    public ObservableList<InstanceRow> rows() {
        return rowsView;
    }

    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    public InstanceRow row(String id) {
        return byId.get(id);
    }

    public void tick() {
        now.set(clock.instant());
    }

    /** A snapshot: rows that still exist are updated, new ones added, the others removed. */
    public void reset(List<InstanceStatus> instances) {
        var seen = new HashSet<String>();
        for (var s : instances) {
            seen.add(s.id());
            put(s);
        }
        rows.removeIf(r -> !seen.contains(r.id()));
        byId.keySet().retainAll(seen);
        tick();
    }

    public void put(InstanceStatus status) {
        var row = byId.get(status.id());
        if (row != null) {
            row.update(status);
            return;
        }
        row = new InstanceRow(status, now);
        byId.put(status.id(), row);
        int at = 0;
        while (at < rows.size() && rows.get(at).id().compareTo(status.id()) < 0) {
            at++;
        }
        rows.add(at, row);
    }

    public void remove(String id) {
        var row = byId.remove(id);
        if (row != null) {
            rows.remove(row);
        }
    }

    public void runFinished(RunRecord run) {
        var row = byId.get(run.instanceId());
        if (row != null) {
            row.runFinished(run);
        }
    }

    /** Success rate over every instance's counted runs, or -1 with no runs yet. */
    public double successRate() {
        long runs = 0;
        long successes = 0;
        for (var r : rows) {
            runs += r.status().successes() + r.status().failures();
            successes += r.status().successes();
        }
        return runs == 0 ? -1 : (double) successes / runs;
    }

    public void runNow(String id) {
        command(id, "Run now", () -> api.runNow(id), "run requested");
    }

    public void restart(String id) {
        command(id, "Restart", () -> api.restart(id), "restarting: the run in flight is stopped and a new one starts");
    }

    public void setEnabled(String id, boolean enabled) {
        command(id, enabled ? "Enable" : "Disable", () -> api.setEnabled(id, enabled), enabled ? "enabled" : "disabled");
    }

    /** Uploads a Playwright storage state file; the file is read off the FX thread. */
    public void uploadStorageState(String id, Path file) {
        executor.background(() -> {
            api.uploadStorageState(id, file);
            return null;
        }, ignored -> notices.accept(Notice.info(clock.instant(), agentName, "Storage state uploaded",
                id + ": " + file.getFileName() + " is used from the next run on")),
                e -> notices.accept(Notice.failure(clock.instant(), agentName, "Upload failed", id + ": " + message(e))));
    }

    private void command(String id, String what, Callable<InstanceStatus> call, String done) {
        executor.background(call, status -> {
            if (status != null && status.id() != null) {
                put(status);
            }
            notices.accept(Notice.info(clock.instant(), agentName, what, id + ": " + done));
        }, e -> notices.accept(Notice.failure(clock.instant(), agentName, what + " failed", id + ": " + message(e))));
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
