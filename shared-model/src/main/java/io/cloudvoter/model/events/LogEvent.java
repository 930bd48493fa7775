package io.cloudvoter.model.events;

import io.cloudvoter.model.api.LogLine;

import java.time.Instant;

/**
 * An agent log line. {@code dropped} counts lines the agent dropped just before this one because
 * they came faster than the stream carries them.
 */
public record LogEvent(long seq, Instant time, LogLine line, long dropped) implements AgentEvent {
    public static final String TYPE = "log";
}
