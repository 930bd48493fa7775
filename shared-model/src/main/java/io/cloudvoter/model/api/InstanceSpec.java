package io.cloudvoter.model.api;

import java.time.Duration;
import java.util.Map;

/**
 * An instance as an operator defines it (config file or {@code POST /api/instances}).
 *
 * @param id       unique, also a file name: letters, digits, '.', '_' and '-', at most 64
 * @param flow     name of a loaded flow
 * @param cooldown time from the end of one run to the start of the next; null means the flow's cooldown
 * @param enabled  null means true
 * @param vars     the instance's variables, {@code ${vars.name}} in its flow; null means none. Secrets
 *                 are not here: they go through {@code PUT /api/instances/{id}/secrets} and never come back
 */
public record InstanceSpec(String id, String flow, Duration cooldown, Boolean enabled, Map<String, String> vars) {
    public InstanceSpec {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
    }

    public InstanceSpec(String id, String flow, Duration cooldown, Boolean enabled) {
        this(id, flow, cooldown, enabled, Map.of());
    }
}
