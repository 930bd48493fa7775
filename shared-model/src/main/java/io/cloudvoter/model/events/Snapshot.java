package io.cloudvoter.model.events;

import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.WorkerStatus;

import java.time.Instant;
import java.util.List;

/**
 * The full state, sent first on every connection (and when a resume gap is too old).
 *
 * @param browser the browsers as one (the worst state first); {@code workers} has each of them
 * @param workers every browser worker (local and browser nodes) now; empty from an agent that does
 *                not report them (added in protocol 1 without a version bump: older readers ignore it)
 */
public record Snapshot(long seq,
                       Instant time,
                       int protocol,
                       AgentInfo agent,
                       boolean monitoring,
                       int maxConcurrentRuns,
                       BrowserStatus browser,
                       List<InstanceStatus> instances,
                       List<FlowProblem> flowErrors,
                       List<ResourceSample> resources,
                       List<GuardAction> guardActions,
                       List<LogLine> logs,
                       List<WorkerStatus> workers) implements AgentEvent {
    public static final String TYPE = "snapshot";

    public Snapshot {
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    /** Without the per-worker list (as agents sent it before they had several workers). */
    public Snapshot(long seq, Instant time, int protocol, AgentInfo agent, boolean monitoring, int maxConcurrentRuns,
                    BrowserStatus browser, List<InstanceStatus> instances, List<FlowProblem> flowErrors,
                    List<ResourceSample> resources, List<GuardAction> guardActions, List<LogLine> logs) {
        this(seq, time, protocol, agent, monitoring, maxConcurrentRuns, browser, instances, flowErrors, resources, guardActions,
                logs, List.of());
    }
}
