package io.cloudvoter.desktop.instances;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance as the operator fills it in: what {@code POST /api/instances} (or {@code PUT} to change
 * one) is sent, and the secrets that go separately to its write-only {@code secrets} endpoint.
 *
 * @param cooldown as typed ("30m", "90s"); blank means the flow's own
 * @param vars     the flow's {@code {vars.NAME}}: sent only when there are some
 * @param secrets  the flow's {@code {secrets.NAME}}: never read back, never shown again; empty sends none
 */
public record InstanceDraft(String id, String flow, String cooldown, boolean enabled, Map<String, String> vars,
                            Map<String, String> secrets) {
    public InstanceDraft {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** The same draft under another id (for "Add many"). */
    public InstanceDraft withId(String other) {
        return new InstanceDraft(other, flow, cooldown, enabled, vars, secrets);
    }

    /** The JSON body for the instances API (the id left out when null: the path names it). */
    Map<String, Object> body() {
        var body = new LinkedHashMap<String, Object>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("flow", flow);
        if (cooldown != null && !cooldown.isBlank()) {
            body.put("cooldown", cooldown.strip());
        }
        body.put("enabled", enabled);
        if (!vars.isEmpty()) {
            body.put("vars", vars);
        }
        return body;
    }

    /** {@code poll-1 … poll-50}: the ids "Add many" makes. */
    public static java.util.List<String> ids(String prefix, int first, int count) {
        return java.util.stream.IntStream.range(first, first + count).mapToObj(i -> prefix + i).toList();
    }
}
