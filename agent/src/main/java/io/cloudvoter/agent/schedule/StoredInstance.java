package io.cloudvoter.agent.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An instance as the scheduler's plan remembers it across restarts.
 *
 * @param cooldown  null: the flow's default
 * @param source    {@value #CONFIG} (from the config file) or {@value #API} (added over REST)
 * @param nextRunAt null: not planned yet
 * @param vars      its variables ({@code ${vars.NAME}} in its flow)
 */
public record StoredInstance(String id, String flow, Duration cooldown, boolean enabled, String source, Instant nextRunAt,
                             Map<String, String> vars) {
    public static final String CONFIG = "config";
    public static final String API = "api";
    private static final Set<String> SOURCES = Set.of(CONFIG, API);

    public StoredInstance(String id, String flow, Duration cooldown, boolean enabled, String source, Instant nextRunAt) {
        this(id, flow, cooldown, enabled, source, nextRunAt, Map.of());
    }

    public StoredInstance {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("instance id must not be blank");
        }
        if (flow == null || flow.isBlank()) {
            throw new IllegalArgumentException("instance " + id + ": flow must not be blank");
        }
        if (cooldown != null && cooldown.isNegative()) {
            throw new IllegalArgumentException("instance " + id + ": cooldown " + cooldown + " is negative");
        }
        if (!SOURCES.contains(source)) {
            throw new IllegalArgumentException("instance " + id + ": source '" + source + "' is not one of " + SOURCES);
        }
    }

    public StoredInstance withNextRunAt(Instant next) {
        return new StoredInstance(id, flow, cooldown, enabled, source, next, vars);
    }
}
