package io.cloudvoter.model.events;

import java.time.Instant;

/** Reply to a client's {@code ping}; {@code id} echoes the ping's id. */
public record Pong(long seq, Instant time, String id) implements AgentEvent {
    public static final String TYPE = "pong";
}
