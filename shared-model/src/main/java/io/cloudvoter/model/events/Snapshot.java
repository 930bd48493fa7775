package io.cloudvoter.model.events;

import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.ResourceSample;

import java.time.Instant;
import java.util.List;

/** The full state, sent first on every connection (and when a resume gap is too old). */
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
                       List<LogLine> logs) implements AgentEvent {
    public static final String TYPE = "snapshot";
}
