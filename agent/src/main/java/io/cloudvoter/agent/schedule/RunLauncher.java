package io.cloudvoter.agent.schedule;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.flow.FlowSpec;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Starts runs for the scheduler. The real one drives the browser; tests hand in their own. */
@FunctionalInterface
public interface RunLauncher {

    /** Starts a run; the handle's result completes normally when the run ends, whatever its outcome. */
    RunHandle launch(RunRequest request);

    /**
     * @param trigger {@code schedule}, {@code run-now}, {@code restart} or {@code retry}
     * @param attempt 1, or the number of this retry's attempt (2…)
     * @param retryOf the first attempt's run id, for a retry
     * @param vars    the instance's variables, for the flow's {@code ${vars.NAME}}
     */
    record RunRequest(String instanceId, FlowSpec flow, String trigger, int attempt, Long retryOf, Map<String, String> vars) {
        public RunRequest {
            vars = vars == null ? Map.of() : Map.copyOf(vars);
        }

        public RunRequest(String instanceId, FlowSpec flow, String trigger) {
            this(instanceId, flow, trigger, 1, null, Map.of());
        }
    }

    /**
     * How a run ended.
     *
     * @param record  the stored run; null when it was aborted before it started (nothing was recorded)
     * @param retryAt when a rate-limited target may be visited again, if the page said so
     */
    record RunResult(RunRecord record, Outcome outcome, Instant retryAt) {
    }

    interface RunHandle {
        CompletableFuture<RunResult> result();

        /** Stops the run: at once if it is in a step (its browser context is closed), else before its next step; it ends {@code INTERRUPTED}. */
        void abort(String reason);
    }
}
