package io.cloudvoter.model.events;

import io.cloudvoter.model.api.FlowInfo;
import io.cloudvoter.model.api.FlowProblem;

import java.time.Instant;
import java.util.List;

/** The flows folder was (re)loaded. */
public record FlowsChanged(long seq, Instant time, List<FlowInfo> flows, List<FlowProblem> errors) implements AgentEvent {
    public static final String TYPE = "flows";
}
