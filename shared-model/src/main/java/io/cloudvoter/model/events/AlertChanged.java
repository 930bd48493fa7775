package io.cloudvoter.model.events;

import io.cloudvoter.model.api.Alert;

import java.time.Instant;

/** An alert opened, changed (message, severity, a notification) or resolved. Carries the whole alert. */
public record AlertChanged(long seq, Instant time, Alert alert) implements AgentEvent {
    public static final String TYPE = "alert";
}
