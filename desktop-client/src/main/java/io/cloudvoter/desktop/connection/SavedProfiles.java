package io.cloudvoter.desktop.connection;

import io.cloudvoter.desktop.concurrent.UiExecutor;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.function.Consumer;

/** The saved profiles as the connections dialog edits them; each change is written off the FX thread. */
public final class SavedProfiles {
    private final ObservableList<Profile> profiles = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<Profile> profilesView = FXCollections.unmodifiableObservableList(profiles);
    private final ProfileStore store;
    private final UiExecutor executor;
    private final Consumer<String> problems;

    public SavedProfiles(List<Profile> loaded, ProfileStore store, UiExecutor executor, Consumer<String> problems) {
        this.store = store;
        this.executor = executor;
        this.problems = problems;
        profiles.setAll(loaded);
    }

    public ObservableList<Profile> profiles() {
        return profilesView;
    }

    /** Adds a profile, or replaces the one with the same name. */
    public void put(Profile profile) {
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).name().equals(profile.name())) {
                profiles.set(i, profile);
                persist();
                return;
            }
        }
        profiles.add(profile);
        persist();
    }

    public void remove(Profile profile) {
        if (profiles.remove(profile)) {
            persist();
        }
    }

    private void persist() {
        var copy = List.copyOf(profiles);
        executor.background(() -> {
            store.save(copy);
            return null;
        }, ignored -> { }, e -> problems.accept("Could not save the connection profiles: " + e.getMessage()));
    }
}
