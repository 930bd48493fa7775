package io.cloudvoter.model.api;

import java.util.List;

/**
 * {@code GET /api/status}: the whole picture in one call.
 *
 * @param browser the browsers as one (the worst state first); {@code workers} has each of them
 */
public record StatusResponse(AgentInfo agent,
                             boolean monitoring,
                             int runningNow,
                             int maxConcurrentRuns,
                             BrowserStatus browser,
                             List<InstanceStatus> instances,
                             List<FlowProblem> flowErrors,
                             ResourceSample resources,
                             List<WorkerStatus> workers) {

    public StatusResponse {
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    /** Without the per-worker list (older agents sent none). */
    public StatusResponse(AgentInfo agent, boolean monitoring, int runningNow, int maxConcurrentRuns, BrowserStatus browser,
                          List<InstanceStatus> instances, List<FlowProblem> flowErrors, ResourceSample resources) {
        this(agent, monitoring, runningNow, maxConcurrentRuns, browser, instances, flowErrors, resources, List.of());
    }
}
