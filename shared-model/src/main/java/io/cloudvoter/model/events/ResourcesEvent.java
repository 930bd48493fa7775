package io.cloudvoter.model.events;

import io.cloudvoter.model.api.ResourceSample;

import java.time.Instant;

public record ResourcesEvent(long seq, Instant time, ResourceSample sample) implements AgentEvent {
    public static final String TYPE = "resources";
}
