package io.cloudvoter.model.api;

import java.util.List;

/** {@code GET /api/status}: the whole picture in one call. */
public record StatusResponse(AgentInfo agent,
                             boolean monitoring,
                             int runningNow,
                             int maxConcurrentRuns,
                             BrowserStatus browser,
                             List<InstanceStatus> instances,
                             List<FlowProblem> flowErrors,
                             ResourceSample resources) {
}
