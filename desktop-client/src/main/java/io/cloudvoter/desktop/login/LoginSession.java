package io.cloudvoter.desktop.login;

import io.cloudvoter.desktop.concurrent.UiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.notify.Notice;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One "Capture login…" from start to end: the instance's current storage state is fetched, a browser
 * opens with it at the flow's target, and Done uploads what the browser then holds
 * ({@code PUT /api/instances/{id}/storage-state}); Cancel, or closing the browser, uploads nothing.
 * The state only ever lives in memory. FX thread only; the browser works on its own thread.
 */
public final class LoginSession {
    public enum Phase { OPENING, OPEN, UPLOADING, DONE, CANCELLED, FAILED }

    private final AgentApi api;
    private final UiExecutor executor;
    private final Clock clock;
    private final Consumer<Notice> notices;
    private final String instance;
    private final String target;
    private final LoginCapture capture;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.OPENING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public LoginSession(AgentApi api, UiExecutor executor, Clock clock, Consumer<Notice> notices, String instance, String target,
                        Map<String, String> env) {
        this.api = api;
        this.executor = executor;
        this.clock = clock;
        this.notices = notices;
        this.instance = instance;
        this.target = target;
        this.capture = new LoginCapture(env);
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public String instance() {
        return instance;
    }

    public String target() {
        return target;
    }

    /** The browser side (what the operator's hands do, in tests). */
    public LoginCapture capture() {
        return capture;
    }

    /** Fetches the instance's state and opens the first of {@code browsers} that starts. */
    public void start(List<LoginBrowser> browsers) {
        phase.set(Phase.OPENING);
        message.set("Fetching " + instance + "'s current storage state…");
        executor.background(() -> api.storageState(instance), state -> {
            if (phase.get() == Phase.CANCELLED) {
                return;
            }
            message.set("Opening " + (browsers.size() == 1 ? browsers.getFirst() : "Chrome or Chromium") + " at " + target + "…");
            when(capture.open(browsers, target, state.orElse(null)), used -> {
                phase.set(Phase.OPEN);
                message.set("Log in to " + target + " in " + used + (state.isPresent() ? " (it has " + instance
                        + "'s current cookies)" : "") + ", then press Done.");
                capture.closedByOperator().thenRun(() -> executor.ui(this::closedByHand));
            });
        }, this::failed);
    }

    /** Takes the browser's storage state and uploads it to the instance. */
    public void done() {
        if (phase.get() != Phase.OPEN) {
            return;
        }
        phase.set(Phase.UPLOADING);
        message.set("Uploading the login to " + instance + "…");
        when(capture.done(), state -> executor.background(() -> {
            api.uploadStorageState(instance, state);
            return cookies(state);
        }, cookies -> {
            phase.set(Phase.DONE);
            message.set("Uploaded: " + instance + " runs logged in from its next run on (" + cookies + " cookie(s)).");
            notices.accept(Notice.info(clock.instant(), api.profile().name(), "Login captured",
                    instance + ": " + cookies + " cookie(s) uploaded; used from its next run on"));
        }, this::failed));
    }

    /** Closes the browser and leaves the instance as it was. */
    public void cancel() {
        if (phase.get() == Phase.DONE || phase.get() == Phase.CANCELLED) {
            return;
        }
        phase.set(Phase.CANCELLED);
        message.set("Cancelled: " + instance + " is as it was.");
        capture.close();
    }

    private void closedByHand() {
        if (phase.get() == Phase.OPEN) {
            phase.set(Phase.CANCELLED);
            message.set("The browser was closed before Done: nothing was uploaded; " + instance + " is as it was.");
            capture.close();
        }
    }

    private <T> void when(CompletableFuture<T> future, Consumer<T> then) {
        future.whenComplete((value, error) -> executor.ui(() -> {
            if (error != null) {
                failed(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : error);
            } else if (phase.get() != Phase.CANCELLED) {
                then.accept(value);
            }
        }));
    }

    private void failed(Throwable e) {
        if (phase.get() == Phase.CANCELLED) {
            return;
        }
        phase.set(Phase.FAILED);
        message.set("Not captured: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        capture.close();
    }

    private static long cookies(String state) {
        try {
            return io.cloudvoter.model.Json.mapper().readTree(state).path("cookies").size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
