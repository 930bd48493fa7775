package io.cloudvoter.model.events;

import io.cloudvoter.model.api.RunRecord;

import java.time.Instant;

public record RunStarted(long seq, Instant time, RunRecord run) implements AgentEvent {
    public static final String TYPE = "run.started";
}
