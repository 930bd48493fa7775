package io.cloudvoter.model.api;

import java.time.Duration;
import java.time.Instant;

/**
 * An instance as clients see it: its definition, what it is doing and its counters.
 *
 * @param source      {@code config} (agent.yaml) or {@code api} (added at run time)
 * @param pausedUntil set while its target is rate limited
 */
public record InstanceStatus(String id,
                             String flow,
                             String source,
                             boolean enabled,
                             Duration cooldown,
                             InstanceState state,
                             Outcome lastOutcome,
                             String lastMessage,
                             Instant lastRunAt,
                             Instant nextRunAt,
                             Instant pausedUntil,
                             Double lastExtracted,
                             long runs,
                             long successes,
                             long failures,
                             long rateLimited,
                             boolean hasStorageState) {
}
