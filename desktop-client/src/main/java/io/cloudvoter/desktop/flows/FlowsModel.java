package io.cloudvoter.desktop.flows;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.instances.InstanceRow;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.model.api.FlowInfo;
import io.cloudvoter.model.api.FlowList;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.FlowSource;
import io.cloudvoter.model.api.FlowTry;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One agent's flows: the list (kept current by {@code flows} events, with how many instances use each),
 * the flow open in the editor with the problems the agent found in it, and the last try. Saving and
 * trying send the editor's text; the agent checks it and writes nothing with problems. FX thread only.
 */
public final class FlowsModel {
    private static final Pattern YAML_NAME = Pattern.compile("(?m)^name:\\s*[\"']?([A-Za-z0-9._-]+)[\"']?\\s*(#.*)?$");
    private static final Pattern JSON_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

    private final FlowsApi api;
    private final UiExecutor executor;
    private final Clock clock;
    private final String agent;
    private final Consumer<Notice> notices;
    private final ObservableList<InstanceRow> instances;
    private final ObservableList<FlowRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<FlowSource> opened = new ReadOnlyObjectWrapper<>();
    private final ObservableList<FlowProblem> problems = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<FlowTry> lastTry = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private FlowList list = new FlowList(List.of(), List.of());
    /** How many lists were applied: {@link #refresh()} applies its answer only if none came meanwhile. */
    private long listsApplied;
    /** Whether the problems shown are the stored file's (else: those of a text sent and refused, still in the editor). */
    private boolean problemsOfFile = true;

    public FlowsModel(FlowsApi api, UiExecutor executor, Clock clock, String agent, Consumer<Notice> notices,
                      ObservableList<InstanceRow> instances) {
        this.api = api;
        this.executor = executor;
        this.clock = clock;
        this.agent = agent;
        this.notices = notices;
        this.instances = instances;
        instances.addListener((ListChangeListener<InstanceRow>) c -> rebuild());
    }

    public ObservableList<FlowRow> rows() {
        return rows;
    }

    /** The flow in the editor as the agent last gave it; null for a new one not saved yet. */
    public ReadOnlyObjectProperty<FlowSource> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** What the agent found wrong with the text last saved or tried (or the file opened), with lines. */
    public ObservableList<FlowProblem> problems() {
        return problems;
    }

    public ReadOnlyObjectProperty<FlowTry> lastTryProperty() {
        return lastTry.getReadOnlyProperty();
    }

    /** A save, try or load is on its way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What the last command came to, in words. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * Loads the list (when the link comes up; events keep it current after). A list that an event brought
     * while the request was out is newer than the answer, which is then dropped: applied late, it would
     * undo that event until the next one (seen: a flow pushed just after connecting never listed).
     */
    public void refresh() {
        long asked = listsApplied;
        executor.background(api::list, l -> {
            if (listsApplied == asked) {
                apply(l.flows(), l.errors());
            }
        }, e -> status.set("Flows not loaded: " + message(e)));
    }

    /** The agent's flows and the files it rejected, as a {@code flows} event (or a load) gives them. */
    public void apply(List<FlowInfo> flows, List<FlowProblem> errors) {
        listsApplied++;
        list = new FlowList(flows == null ? List.of() : flows, errors == null ? List.of() : errors);
        rebuild();
        var open = opened.get();
        if (open != null && !busy.get() && problemsOfFile) {
            problems.setAll(list.errors().stream().filter(p -> p.file().equals(open.file())).toList());
        }
    }

    /** The ids of the instances that use the flow {@code name}. */
    public List<String> instancesOf(String name) {
        return instances.stream().filter(r -> name.equals(r.status().flow())).map(InstanceRow::id).toList();
    }

    /** The names of the flows that load and run, for the instance forms. */
    public List<String> loadedNames() {
        return rows.stream().filter(FlowRow::running).map(FlowRow::name).toList();
    }

    public Optional<FlowRow> row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Fetches a flow's source into the editor. */
    public void open(String name) {
        run("Open " + name, () -> api.source(name), source -> {
            opened.set(source);
            problemsOfFile = true;
            problems.setAll(source.problems());
            lastTry.set(null);
            status.set(source.file() + (source.problems().isEmpty() ? "" : ": " + source.problems().size() + " problem(s)"));
        });
    }

    /** A new flow in the editor, not on the agent until saved. */
    public void startNew() {
        opened.set(null);
        problemsOfFile = true;
        problems.clear();
        lastTry.set(null);
        status.set("New flow: edit the template, then Save");
    }

    /**
     * Sends {@code text} to the agent as the flow it names ({@code name:}), else as the flow open; with
     * problems nothing is written and they show at their lines.
     */
    public void save(String text) {
        var name = nameOf(text);
        if (name == null) {
            status.set("Not saved: the flow needs a name (name: my-flow)");
            return;
        }
        run("Save " + name, () -> api.push(name, text), checked -> {
            switch (checked) {
                case FlowsApi.Checked.Done<FlowSource> done -> {
                    opened.set(done.value());
                    problemsOfFile = true;
                    problems.setAll(done.value().problems());
                    status.set((done.created() ? "Created " : "Saved ") + done.value().file());
                    notices.accept(Notice.info(clock.instant(), agent, done.created() ? "Flow created" : "Flow saved",
                            name + " (" + done.value().file() + ") runs from its next run on"));
                }
                case FlowsApi.Checked.Rejected<FlowSource> rejected -> rejected(rejected, "Not saved");
            }
        });
    }

    /** Runs the editor's text once (nothing recorded, nothing saved), with {@code instance}'s state or none. */
    public void tryText(String text, String instance) {
        lastTry.set(null);
        run("Try", () -> api.tryText(text, instance), checked -> {
            switch (checked) {
                case FlowsApi.Checked.Done<FlowTry> done -> {
                    problems.clear();
                    lastTry.set(done.value());
                    status.set("Tried: " + done.value().outcome() + (done.value().message() == null ? "" : " — " + done.value().message()));
                }
                case FlowsApi.Checked.Rejected<FlowTry> rejected -> rejected(rejected, "Not tried");
            }
        });
    }

    /** Deletes the flow (asked for first by the view); its instances turn invalid. */
    public void delete(String name) {
        run("Delete " + name, () -> {
            api.delete(name);
            return name;
        }, gone -> {
            if (opened.get() != null && opened.get().name().equals(gone)) {
                startNew();
            }
            status.set("Deleted " + gone);
            notices.accept(Notice.info(clock.instant(), agent, "Flow deleted", gone));
        });
    }

    private void rejected(FlowsApi.Checked.Rejected<?> rejected, String what) {
        problemsOfFile = false;
        problems.setAll(rejected.problems());
        status.set(what + ": " + rejected.problems().size() + " problem(s); nothing was changed on the agent");
    }

    private <T> void run(String what, Callable<T> call, Consumer<T> done) {
        busy.set(true);
        status.set(what + "…");
        executor.background(call, result -> {
            busy.set(false);
            done.accept(result);
        }, e -> {
            busy.set(false);
            status.set(what + " failed: " + message(e));
            notices.accept(Notice.failure(clock.instant(), agent, what + " failed", message(e)));
        });
    }

    /** The name the text gives itself, else that of the flow open. */
    String nameOf(String text) {
        var m = (FlowsApi.mediaType(text).endsWith("json") ? JSON_NAME : YAML_NAME).matcher(text);
        if (m.find()) {
            return m.group(1);
        }
        return opened.get() == null ? null : opened.get().name();
    }

    /** One row per flow file: loaded flows, and the rejected files under the name they would have. */
    private void rebuild() {
        var counts = new LinkedHashMap<String, Integer>();
        for (var r : instances) {
            counts.merge(r.status().flow() == null ? "" : r.status().flow(), 1, Integer::sum);
        }
        var byFile = new LinkedHashMap<String, List<FlowProblem>>();
        for (var p : list.errors()) {
            byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p);
        }
        var next = new ArrayList<FlowRow>();
        for (var f : list.flows()) {
            next.add(new FlowRow(f.name(), f.file(), f.target(), true, byFile.getOrDefault(f.file(), List.of()),
                    counts.getOrDefault(f.name(), 0)));
            byFile.remove(f.file());
        }
        for (Map.Entry<String, List<FlowProblem>> rejected : byFile.entrySet()) {
            var name = rejected.getKey().replaceFirst("\\.(ya?ml|json)$", "");
            next.add(new FlowRow(name, rejected.getKey(), "", false, rejected.getValue(), counts.getOrDefault(name, 0)));
        }
        next.sort(java.util.Comparator.comparing(FlowRow::name));
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
