package io.cloudvoter.model.events;

import java.time.Instant;

/**
 * Reply to a frame the agent could not accept. {@code code} is short and stable
 * ({@code malformed-json}, {@code unknown-type}, {@code frame-too-large}, {@code invalid-field}),
 * {@code message} names the input and the reason. The connection stays open.
 */
public record ErrorEvent(long seq, Instant time, String code, String message) implements AgentEvent {
    public static final String TYPE = "error";
}
