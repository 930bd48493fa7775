package io.cloudvoter.agent.alerts;

import io.cloudvoter.model.api.Alert;

import java.util.regex.Pattern;

/** Which alerts a mute covers: {@code agent} (all), {@code instance:ID} or {@code flow:NAME}. */
record Scope(Kind kind, String value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    enum Kind { AGENT, INSTANCE, FLOW }

    static final Scope AGENT = new Scope(Kind.AGENT, null);

    /** @throws IllegalArgumentException naming the text and what is accepted */
    static Scope parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("agent")) {
            return AGENT;
        }
        var s = text.trim();
        int colon = s.indexOf(':');
        String prefix = colon < 0 ? s : s.substring(0, colon);
        String value = colon < 0 ? "" : s.substring(colon + 1);
        Kind kind = switch (prefix.toLowerCase(java.util.Locale.ROOT)) {
            case "instance" -> Kind.INSTANCE;
            case "flow" -> Kind.FLOW;
            default -> throw new IllegalArgumentException("'" + s + "' is not a scope (write agent, instance:ID or flow:NAME)");
        };
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + s + "': '" + value + "' is not a valid " + prefix.toLowerCase(java.util.Locale.ROOT)
                    + " name (letters, digits, '.', '_', '-'; at most 64)");
        }
        return new Scope(kind, value);
    }

    boolean covers(Alert alert) {
        return switch (kind) {
            case AGENT -> true;
            case INSTANCE -> value.equals(alert.instanceId());
            case FLOW -> value.equals(alert.flow());
        };
    }

    @Override
    public String toString() {
        return kind == Kind.AGENT ? "agent" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + value;
    }
}
