package io.cloudvoter.desktop.instances;

import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;

import java.time.Instant;

/**
 * One instance as the table shows it. Updated in place, so a change repaints one row instead of
 * rebuilding the table (and the selection stays put).
 */
public final class InstanceRow {
    private final String id;
    private final ReadOnlyObjectWrapper<InstanceStatus> status;
    private final ObjectBinding<NextRun> nextRun;

    InstanceRow(InstanceStatus initial, ObservableValue<Instant> now) {
        this.id = initial.id();
        this.status = new ReadOnlyObjectWrapper<>(initial);
        this.nextRun = Bindings.createObjectBinding(() -> NextRun.of(status.get(), now.getValue()), status, now);
    }

    /**
     * The state to show: the agent reports a disabled instance whose target is rate limited as
     * {@code PAUSED}, but it would not run when the pause ends either; disabled is what it is.
     */
    public static InstanceState shownState(InstanceStatus s) {
        return !s.enabled() && s.state() != InstanceState.RUNNING && s.state() != InstanceState.INVALID
                ? InstanceState.DISABLED : s.state();
    }

    public String id() {
        return id;
    }

    public InstanceStatus status() {
        return status.get();
    }

    public ReadOnlyObjectProperty<InstanceStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** When it runs next, as a value that sorts by time and reads as a countdown; moves with the clock. */
    public ObjectBinding<NextRun> nextRun() {
        return nextRun;
    }

    void update(InstanceStatus next) {
        status.set(next);
    }

    /**
     * Applies a finished run the way the agent counts it, so the row is right as soon as the run
     * ends. A run no newer than the row's last run is already counted in the status and is skipped.
     */
    void runFinished(RunRecord run) {
        var s = status.get();
        if (run.outcome() == null || !run.outcome().isFinal()
                || (s.lastRunAt() != null && run.startedAt() != null && !run.startedAt().isAfter(s.lastRunAt()))) {
            return;
        }
        long successes = s.successes() + (run.outcome() == Outcome.SUCCESS ? 1 : 0);
        long failures = s.failures() + (run.outcome() == Outcome.FAILED || run.outcome() == Outcome.ERROR ? 1 : 0);
        long rateLimited = s.rateLimited() + (run.outcome() == Outcome.RATE_LIMITED ? 1 : 0);
        // the state stays as it is: the agent's InstanceChanged that follows says what comes next
        status.set(new InstanceStatus(s.id(), s.flow(), s.source(), s.enabled(), s.cooldown(), s.state(), run.outcome(),
                run.message(), run.startedAt(), s.nextRunAt(), s.pausedUntil(),
                run.extracted() != null ? run.extracted() : s.lastExtracted(),
                s.runs() + 1, successes, failures, rateLimited, s.hasStorageState(), s.vars(), s.secretNames(), s.problem(),
                s.nextRunWhy()));
    }

    /** For views that want a property of the current status. */
    public <T> ObservableValue<T> map(java.util.function.Function<InstanceStatus, T> field) {
        return status.map(field);
    }
}
