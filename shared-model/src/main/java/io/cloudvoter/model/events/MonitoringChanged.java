package io.cloudvoter.model.events;

import java.time.Instant;

public record MonitoringChanged(long seq, Instant time, boolean monitoring) implements AgentEvent {
    public static final String TYPE = "monitoring";
}
