package io.cloudvoter.model.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An instance as clients see it: its definition, what it is doing and its counters.
 *
 * @param source      {@code config} (agent.yaml) or {@code api} (added at run time)
 * @param pausedUntil set while its target is rate limited
 * @param vars        its variables
 * @param secretNames the names of its secrets (never their values)
 * @param problem     why it cannot run (state {@code INVALID}): no valid flow, a variable its flow names is not set…
 * @param nextRunWhy  why the next run is later or sooner than the cooldown says: a retry, or failures in a row stretching it
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
                             boolean hasStorageState,
                             Map<String, String> vars,
                             List<String> secretNames,
                             String problem,
                             String nextRunWhy) {

    public InstanceStatus {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        secretNames = secretNames == null ? List.of() : List.copyOf(secretNames);
    }

    /** Without variables, secrets, problem or next-run reason (older agents sent none). */
    public InstanceStatus(String id, String flow, String source, boolean enabled, Duration cooldown, InstanceState state,
                          Outcome lastOutcome, String lastMessage, Instant lastRunAt, Instant nextRunAt, Instant pausedUntil,
                          Double lastExtracted, long runs, long successes, long failures, long rateLimited, boolean hasStorageState) {
        this(id, flow, source, enabled, cooldown, state, lastOutcome, lastMessage, lastRunAt, nextRunAt, pausedUntil, lastExtracted,
                runs, successes, failures, rateLimited, hasStorageState, Map.of(), List.of(), null, null);
    }
}
