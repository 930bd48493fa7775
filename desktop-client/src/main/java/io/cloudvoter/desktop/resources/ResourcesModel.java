package io.cloudvoter.desktop.resources;

import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.WorkerStatus;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The last 15 minutes of one agent's resource samples and guard actions, counted back from the newest
 * sample (the agent's clock, not ours, so a skewed laptop clock does not empty the charts), and its
 * browser workers as the newest snapshot or sample reported them. FX thread only.
 */
public final class ResourcesModel {
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final ObservableList<ResourceSample> samples = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<ResourceSample> samplesView = FXCollections.unmodifiableObservableList(samples);
    private final ObservableList<GuardAction> guardActions = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<GuardAction> guardActionsView = FXCollections.unmodifiableObservableList(guardActions);
    private final ReadOnlyObjectWrapper<ResourceSample> latest = new ReadOnlyObjectWrapper<>();
    private final ObservableList<WorkerStatus> workers = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<WorkerStatus> workersView = FXCollections.unmodifiableObservableList(workers);
    private final ReadOnlyObjectWrapper<WorkerSummary> workerSummary = new ReadOnlyObjectWrapper<>();

    public ObservableList<ResourceSample> samples() {
        return samplesView;
    }

    public ObservableList<GuardAction> guardActions() {
        return guardActionsView;
    }

    public ReadOnlyObjectProperty<ResourceSample> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    public ResourceSample latest() {
        return latest.get();
    }

    /** Each browser worker (local, browser node) as last reported; empty from an agent that does not report them. */
    public ObservableList<WorkerStatus> workers() {
        return workersView;
    }

    /** The workers in one line ("2 up, 1 failed"); null while none are known. */
    public ReadOnlyObjectProperty<WorkerSummary> workerSummaryProperty() {
        return workerSummary.getReadOnlyProperty();
    }

    /** A snapshot: its samples, guard actions and workers replace what was known. */
    public void reset(List<ResourceSample> recent, List<GuardAction> actions, List<WorkerStatus> now) {
        reset(recent, actions);
        setWorkers(now);
    }

    /** A resources event: the sample, and its workers unless it has none (an agent that does not send them). */
    public void add(ResourceSample sample, List<WorkerStatus> now) {
        add(sample);
        if (!now.isEmpty()) {
            setWorkers(now);
        }
    }

    private void setWorkers(List<WorkerStatus> now) {
        if (!workers.equals(now)) {
            workers.setAll(now);
            workerSummary.set(WorkerSummary.of(now));
        }
    }

    public void reset(List<ResourceSample> recent, List<GuardAction> actions) {
        var sorted = recent.stream().filter(s -> s.time() != null)
                .sorted(java.util.Comparator.comparing(ResourceSample::time)).toList();
        // latest first: the charts redraw on the list change and take their window from it
        latest.set(sorted.isEmpty() ? null : sorted.getLast());
        Instant start = windowStart();
        samples.setAll(start == null ? sorted : sorted.stream().filter(s -> !s.time().isBefore(start)).toList());
        guardActions.setAll(actions.stream().filter(a -> a.time() != null && (start == null || !a.time().isBefore(start))).toList());
    }

    public void add(ResourceSample sample) {
        if (sample.time() == null) {
            return;
        }
        latest.set(sample);
        trim();
        samples.add(sample);
    }

    public void guard(GuardAction action) {
        if (action.time() != null) {
            guardActions.add(action);
            trim();
        }
    }

    /** The start of the window shown: 15 minutes before the newest sample. */
    public Instant windowStart() {
        var l = latest.get();
        return l == null ? null : l.time().minus(WINDOW);
    }

    private void trim() {
        Instant start = windowStart();
        if (start == null) {
            return;
        }
        int old = 0;
        while (old < samples.size() && samples.get(old).time().isBefore(start)) {
            old++;
        }
        if (old > 0) {
            samples.remove(0, old);
        }
        guardActions.removeIf(a -> a.time().isBefore(start));
    }
}
