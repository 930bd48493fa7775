package io.cloudvoter.agent.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.model.api.FlowProblem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed reads from a flow file's tree that record a problem instead of throwing, so one pass over
 * the file reports every mistake. A read that fails returns {@code null} (or an empty list) and the
 * caller carries on.
 */
final class FieldReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** What a mistyped setting looks like ("clik", "retry_after"); anything else is not quoted back. */
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");

    private final String file;
    private final List<FlowProblem> problems = new ArrayList<>();

    FieldReader(String file) {
        this.file = file;
    }

    static String field(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** YAML writes "key:" with nothing after it; treat that like the key being absent. */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    void problem(String field, String reason) {
        problems.add(new FlowProblem(file, field, reason));
    }

    List<FlowProblem> problems() {
        return List.copyOf(problems);
    }

    /** Reports keys of a map that are not in {@code known}, suggesting the closest known one. */
    void onlyKeys(JsonNode map, String field, Collection<String> known) {
        map.fieldNames().forEachRemaining(key -> {
            if (known.contains(key)) {
                return;
            }
            if (KEY_LIKE.matcher(key).matches()) {
                problem(field(field, key), "unknown key '" + key + "'" + NearestName.suggestion(key, known));
            } else {
                // Not a name anyone would type for a setting: likely not a flow file at all, and its
                // "keys" may be anything (a /etc/shadow line is one). Named by its length only.
                problem(field, "a key that is not a setting name (" + key.length() + " characters); known: "
                        + String.join(", ", known));
            }
        });
    }

    /** A non-empty string; {@code null} when absent (reported only if required) or invalid. */
    String text(JsonNode node, String field, boolean required) {
        if (absent(node)) {
            if (required) {
                problem(field, "required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problem(field, "expected a string, got " + describe(node));
            return null;
        }
        if (node.asText().isBlank()) {
            problem(field, "must not be empty");
            return null;
        }
        return node.asText();
    }

    /** A string or a list of strings, each non-empty; empty list when absent or invalid. */
    List<String> texts(JsonNode node, String field) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            var one = text(node, field, true);
            return one == null ? List.of() : List.of(one);
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            var s = text(node.get(i), index(field, i), true);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    Boolean bool(JsonNode node, String field) {
        if (absent(node)) {
            return null;
        }
        if (!node.isBoolean()) {
            problem(field, "expected true or false, got " + describe(node));
            return null;
        }
        return node.booleanValue();
    }

    /** A duration string ("30s", "PT30S") or a bare number of seconds. */
    Duration duration(JsonNode node, String field) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            problem(field, "expected a duration such as 30s, got " + describe(node));
            return null;
        }
        try {
            return Durations.parse(node.asText());
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return null;
        }
    }

    /** A step's own timeout: absent is fine, zero is not (Playwright would read 0 as "wait forever"). */
    Duration positiveDuration(JsonNode node, String field) {
        var d = duration(node, field);
        if (d != null && d.isZero()) {
            problem(field, "must be more than 0");
            return null;
        }
        return d;
    }

    /** A pattern ({@link TextPattern}) that compiles and has at least {@code minGroups} capture groups. */
    String regex(JsonNode node, String field, int minGroups, String example) {
        var text = text(node, field, false);
        if (text == null) {
            return null;
        }
        var placeholders = FlowVariables.problem(text);
        if (placeholders != null) {
            problem(field, placeholders);
            return null;
        }
        try {
            // A placeholder stands for a literal value (quoted when the run fills it in).
            var groups = TextPattern.compile(FlowVariables.standIn(text)).groups();
            if (groups < minGroups) {
                problem(field, "needs a capture group (...) around the value to read, e.g. " + example);
                return null;
            }
            return text;
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return null;
        }
    }

    /** A regex or a list of regexes, none with a required group. */
    List<String> regexes(JsonNode node, String field) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            var one = regex(node, field, 0, "");
            return one == null ? List.of() : List.of(one);
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            var p = regex(node.get(i), index(field, i), 0, "");
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    static String describe(JsonNode node) {
        if (absent(node)) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a map";
            case NUMBER -> "a number (" + node.asText() + ")";
            case BOOLEAN -> node.asText();
            case STRING -> "a string (\"" + node.asText() + "\")";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
