package io.cloudvoter.desktop.resources;

import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.ResourceSample;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The last 15 minutes of one agent's resource samples and guard actions, counted back from the newest
 * sample (the agent's clock, not ours, so a skewed laptop clock does not empty the charts). FX thread only.
 */
public final class ResourcesModel {
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final ObservableList<ResourceSample> samples = FXCollections.observableArrayList();
    private final ObservableList<GuardAction> guardActions = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ResourceSample> latest = new ReadOnlyObjectWrapper<>();

    public ObservableList<ResourceSample> samples() {
        return FXCollections.unmodifiableObservableList(samples);
    }

    public ObservableList<GuardAction> guardActions() {
        return FXCollections.unmodifiableObservableList(guardActions);
    }

    public ReadOnlyObjectProperty<ResourceSample> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    public ResourceSample latest() {
        return latest.get();
    }

    public void reset(List<ResourceSample> recent, List<GuardAction> actions) {
        var sorted = recent.stream().filter(s -> s.time() != null)
                .sorted(java.util.Comparator.comparing(ResourceSample::time)).toList();
        samples.setAll(sorted);
        guardActions.setAll(actions.stream().filter(a -> a.time() != null).toList());
        latest.set(sorted.isEmpty() ? null : sorted.getLast());
        trim();
    }

    public void add(ResourceSample sample) {
        if (sample.time() == null) {
            return;
        }
        samples.add(sample);
        latest.set(sample);
        trim();
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
