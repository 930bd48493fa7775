package io.cloudvoter.model.events;

import java.time.Instant;

public record InstanceRemoved(long seq, Instant time, String instanceId) implements AgentEvent {
    public static final String TYPE = "instance.removed";
}
