package io.cloudvoter.model.events;

import io.cloudvoter.model.api.GuardAction;

import java.time.Instant;

public record GuardEvent(long seq, Instant time, GuardAction action) implements AgentEvent {
    public static final String TYPE = "guard";
}
