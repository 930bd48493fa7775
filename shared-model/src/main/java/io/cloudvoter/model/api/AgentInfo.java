package io.cloudvoter.model.api;

import java.time.Instant;

/** Who the agent is: shown by clients next to its connection. */
public record AgentInfo(String name, String version, int protocol, String host, Instant startedAt, long pid) {
}
