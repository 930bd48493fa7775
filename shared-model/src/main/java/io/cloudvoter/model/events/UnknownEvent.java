package io.cloudvoter.model.events;

import java.time.Instant;

/** An event of a type this build does not know (sent by a newer agent). Clients skip it. */
public record UnknownEvent(long seq, Instant time) implements AgentEvent {
}
