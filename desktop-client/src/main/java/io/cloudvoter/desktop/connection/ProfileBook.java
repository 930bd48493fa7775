package io.cloudvoter.desktop.connection;

import io.cloudvoter.desktop.concurrent.UiExecutor;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every connection the window knows, in one place: the profiles saved in {@code profiles.json} and the
 * agents given on the command line ({@code --agent}, kept for this run only). A profile's name is its
 * identity: two profiles may point at the same URL (say, with different tokens) and stay two entries.
 * A command-line agent named like a saved profile takes its place for this run; saving it makes it the
 * saved one. Changes are told to listeners (the workbench follows them with its sessions) and the saved
 * part is written off the FX thread. FX thread only.
 */
public final class ProfileBook {

    /** A change of one entry: {@code before} null for an added entry, {@code after} null for a removed one. */
    @FunctionalInterface
    public interface Listener {
        void changed(Profile before, Profile after);
    }

    private final Map<String, Profile> stored = new LinkedHashMap<>();
    private final Map<String, Profile> commandLine = new LinkedHashMap<>();
    private final ObservableList<Profile> entries = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when collected. */
    private final ObservableList<Profile> entriesView = FXCollections.unmodifiableObservableList(entries);
    private final List<Listener> listeners = new ArrayList<>();
    private final ProfileStore store;
    private final UiExecutor executor;
    private final Consumer<String> problems;

    public ProfileBook(List<Profile> saved, List<Profile> fromCommandLine, ProfileStore store, UiExecutor executor,
                       Consumer<String> problems) {
        this.store = store;
        this.executor = executor;
        this.problems = problems;
        saved.forEach(p -> stored.put(p.name(), p));
        fromCommandLine.forEach(p -> commandLine.put(p.name(), p));
        rebuild();
    }

    /** Command-line agents first, then the saved profiles. */
    public ObservableList<Profile> entries() {
        return entriesView;
    }

    /** The command-line agents if any were given, else the saved profiles: what the window opens at start. */
    public List<Profile> openAtStart() {
        return commandLine.isEmpty() ? List.copyOf(stored.values()) : List.copyOf(commandLine.values());
    }

    /** False for an agent given on the command line that was not saved. */
    public boolean isSaved(Profile p) {
        return !commandLine.containsKey(p.name()) && p.equals(stored.get(p.name()));
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Saves {@code profile}. {@code editing} is the entry the operator edited (null for a new one): when its
     * name differs, this is a rename and the old entry goes. An entry of the same name is replaced.
     */
    public void save(Profile profile, Profile editing) {
        var changes = new ArrayList<Profile[]>();
        if (editing != null && !editing.name().equals(profile.name()) && drop(editing.name())) {
            changes.add(new Profile[]{editing, profile});
        }
        var existing = entry(profile.name());
        commandLine.remove(profile.name());
        stored.put(profile.name(), profile);
        if (existing == null) {
            changes.add(new Profile[]{null, profile});
        } else if (!existing.equals(profile)) {
            changes.add(new Profile[]{existing, profile});
        }
        rebuild();
        persist();
        changes.forEach(c -> tell(c[0], c[1]));
    }

    /** Deletes the entry (and a saved profile it stood in for). */
    public void remove(Profile profile) {
        var existing = entry(profile.name());
        boolean wasStored = stored.containsKey(profile.name());
        if (drop(profile.name())) {
            rebuild();
            if (wasStored) {
                persist();
            }
            tell(existing, null);
        }
    }

    private Profile entry(String name) {
        return commandLine.containsKey(name) ? commandLine.get(name) : stored.get(name);
    }

    private boolean drop(String name) {
        boolean a = commandLine.remove(name) != null;
        boolean b = stored.remove(name) != null;
        return a || b;
    }

    private void rebuild() {
        var all = new ArrayList<>(commandLine.values());
        stored.values().stream().filter(p -> !commandLine.containsKey(p.name())).forEach(all::add);
        entries.setAll(all);
    }

    private void tell(Profile before, Profile after) {
        for (var l : List.copyOf(listeners)) {
            l.changed(before, after);
        }
    }

    private void persist() {
        var copy = List.copyOf(stored.values());
        executor.background(() -> {
            store.save(copy);
            return null;
        }, ignored -> { }, e -> problems.accept("Could not save the connection profiles: " + e.getMessage()));
    }
}
