package io.cloudvoter.agent.schedule;

import java.util.Map;
import java.util.regex.Pattern;

/** An instance's variables: names as flows spell them ({@code ${vars.NAME}}), stored as JSON ({@link io.cloudvoter.agent.history.TextMaps}). */
public final class InstanceVars {
    /** Names of variables and secrets: letters, digits, '.', '_', '-'; at most 64. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final int MAX_VALUE = 4_096;
    public static final int MAX_COUNT = 64;

    private InstanceVars() {
    }

    /** Why {@code values} cannot be an instance's variables (or secrets), naming the first wrong one; null when fine. */
    public static String problem(String what, Map<String, String> values) {
        if (values.size() > MAX_COUNT) {
            return what + ": " + values.size() + " entries; at most " + MAX_COUNT;
        }
        for (var e : values.entrySet()) {
            if (e.getKey() == null || !NAME.matcher(e.getKey()).matches()) {
                return what + ": '" + e.getKey() + "' is not a valid name (letters, digits, '.', '_', '-'; at most 64)";
            }
            if (e.getValue() == null) {
                return what + "." + e.getKey() + ": needs a text value";
            }
            if (e.getValue().length() > MAX_VALUE) {
                return what + "." + e.getKey() + ": " + e.getValue().length() + " characters; at most " + MAX_VALUE;
            }
        }
        return null;
    }
}
