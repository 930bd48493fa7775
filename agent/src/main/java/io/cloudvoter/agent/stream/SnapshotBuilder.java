package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.events.StreamState;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.WorkerStatus;
import io.cloudvoter.model.events.Snapshot;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The first frame of every connection. Instances, monitoring, flow errors and recent logs come from
 * the bus's folded state at the snapshot's seq. The suppliers are called while the bus holds its
 * lock: they must return at once, must not publish, and must not wait for a lock that someone
 * holds while publishing (the scheduler's, for one). The agent wires resources and guard actions
 * to the bus's own rings ({@link EventBus#recentResources()}), which hold exactly what was
 * published up to that seq; a source kept elsewhere may repeat or miss a sample at the seam.
 */
public final class SnapshotBuilder implements EventBus.SnapshotFactory {
    private final AgentInfo agent;
    private final int maxConcurrentRuns;
    private final Supplier<BrowserStatus> browser;
    private final Supplier<List<ResourceSample>> resources;
    private final Supplier<List<GuardAction>> guardActions;
    private final Supplier<List<WorkerStatus>> workers;

    /** @param workers each browser worker's status now ({@code BrowserWorkers::workerStatuses}: volatile reads, no lock) */
    public SnapshotBuilder(AgentInfo agent, int maxConcurrentRuns, Supplier<BrowserStatus> browser,
                           Supplier<List<ResourceSample>> resources, Supplier<List<GuardAction>> guardActions,
                           Supplier<List<WorkerStatus>> workers) {
        this.agent = agent;
        this.maxConcurrentRuns = maxConcurrentRuns;
        this.browser = browser;
        this.resources = resources;
        this.guardActions = guardActions;
        this.workers = workers;
    }

    @Override
    public Snapshot create(long seq, Instant time, StreamState.View state) {
        return new Snapshot(seq, time, Protocol.VERSION, agent, state.monitoring(), maxConcurrentRuns, browser.get(),
                state.instances(), state.flowErrors(), List.copyOf(resources.get()), List.copyOf(guardActions.get()),
                state.logs(), workers.get());
    }
}
