package io.cloudvoter.model.events;

import io.cloudvoter.model.api.InstanceStatus;

import java.time.Instant;

/** An instance was added or changed (state, counters, next run time...). Carries the whole new status. */
public record InstanceChanged(long seq, Instant time, InstanceStatus instance) implements AgentEvent {
    public static final String TYPE = "instance";
}
