package io.cloudvoter.desktop.instances;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.model.api.InstanceStatus;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Adding, changing and removing instances. "Add many" sends one request per instance, a few at a time
 * ({@link #LANES}), so a large batch neither floods the agent nor waits for one answer at a time, and its
 * progress is counted as the answers come. Every answer comes back on the FX thread.
 */
public final class InstanceChanges {
    /** Requests in flight at once while adding many. */
    static final int LANES = 4;

    private final AgentApi api;
    private final InstancesModel instances;
    private final UiExecutor executor;
    private final Clock clock;
    private final Consumer<Notice> notices;
    private final String agent;

    public InstanceChanges(AgentApi api, InstancesModel instances, UiExecutor executor, Clock clock, Consumer<Notice> notices) {
        this.api = api;
        this.instances = instances;
        this.executor = executor;
        this.clock = clock;
        this.notices = notices;
        this.agent = api.profile().name();
    }

    /** Adds one instance, then its secrets; {@code failed} gets the agent's reason. */
    public void add(InstanceDraft draft, Consumer<InstanceStatus> done, Consumer<String> failed) {
        executor.background(() -> create(draft), status -> {
            instances.put(status);
            notices.accept(Notice.info(clock.instant(), agent, "Instance added", draft.id() + " (flow " + draft.flow() + ")"));
            done.accept(status);
        }, e -> failed.accept(InstancesModel.message(e)));
    }

    /** Changes an instance's flow, cooldown, enabled and variables, and replaces the secrets given. */
    public void update(InstanceDraft draft, Consumer<InstanceStatus> done, Consumer<String> failed) {
        executor.background(() -> {
            var status = api.putJson("/api/instances/" + segment(draft.id()), draft.withId(null).body(), InstanceStatus.class);
            putSecrets(draft);
            return status;
        }, status -> {
            instances.put(status);
            notices.accept(Notice.info(clock.instant(), agent, "Instance changed", draft.id()));
            done.accept(status);
        }, e -> failed.accept(InstancesModel.message(e)));
    }

    /** Removes the instances (the view asked first); each one gone is told. */
    public void remove(List<String> ids) {
        for (var id : ids) {
            executor.background(() -> {
                api.delete("/api/instances/" + segment(id));
                return id;
            }, gone -> {
                instances.remove(gone);
                notices.accept(Notice.info(clock.instant(), agent, "Instance removed", gone));
            }, e -> notices.accept(Notice.failure(clock.instant(), agent, "Remove failed", id + ": " + InstancesModel.message(e))));
        }
    }

    /** Adds {@code draft} once for each id, a few at a time; the batch counts what was done and what failed. */
    public Batch addMany(InstanceDraft draft, List<String> ids) {
        var batch = new Batch(ids.size());
        var todo = new ArrayDeque<>(ids);
        for (int lane = 0; lane < Math.min(LANES, ids.size()); lane++) {
            next(batch, draft, todo);
        }
        return batch;
    }

    private void next(Batch batch, InstanceDraft draft, ArrayDeque<String> todo) {
        var id = todo.poll();
        if (id == null) {
            if (batch.finished() && batch.reported++ == 0) {
                report(batch, draft);
            }
            return;
        }
        executor.background(() -> create(draft.withId(id)), status -> {
            instances.put(status);
            batch.added.set(batch.added.get() + 1);
            next(batch, draft, todo);
        }, e -> {
            batch.failures.add(id + ": " + InstancesModel.message(e));
            batch.failed.set(batch.failed.get() + 1);
            next(batch, draft, todo);
        });
    }

    private void report(Batch batch, InstanceDraft draft) {
        var text = batch.added.get() + " of " + batch.total + " added (flow " + draft.flow() + ")";
        notices.accept(batch.failed.get() == 0 ? Notice.info(clock.instant(), agent, "Instances added", text)
                : Notice.failure(clock.instant(), agent, "Some instances not added", text + "; " + batch.failures.getFirst()
                        + (batch.failed.get() > 1 ? " (+" + (batch.failed.get() - 1) + " more)" : "")));
    }

    private InstanceStatus create(InstanceDraft draft) throws IOException {
        var status = api.postJson("/api/instances", draft.body(), InstanceStatus.class);
        putSecrets(draft);
        return status;
    }

    private void putSecrets(InstanceDraft draft) throws IOException {
        if (!draft.secrets().isEmpty()) {
            api.putJson("/api/instances/" + segment(draft.id()) + "/secrets", draft.secrets(), null);
        }
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A batch of adds under way: how many are done and failed (with why), out of how many. FX thread only. */
    public static final class Batch {
        private final int total;
        private final ReadOnlyIntegerWrapper added = new ReadOnlyIntegerWrapper();
        private final ReadOnlyIntegerWrapper failed = new ReadOnlyIntegerWrapper();
        private final ObservableList<String> failures = FXCollections.observableArrayList();
        private int reported;

        Batch(int total) {
            this.total = total;
        }

        public int total() {
            return total;
        }

        public ReadOnlyIntegerProperty addedProperty() {
            return added.getReadOnlyProperty();
        }

        public ReadOnlyIntegerProperty failedProperty() {
            return failed.getReadOnlyProperty();
        }

        public ObservableList<String> failures() {
            return failures;
        }

        public boolean finished() {
            return added.get() + failed.get() == total;
        }
    }
}
