package io.cloudvoter.agent.flow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.SaveState;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.cloudvoter.agent.flow.FieldReader.absent;
import static io.cloudvoter.agent.flow.FieldReader.describe;

/**
 * Turns one flow file's text into a {@link FlowSpec}, or into every problem found in it. The file is
 * read as a plain tree and checked by hand (not bound to classes) so each problem names its field
 * path, e.g. {@code steps[2].click}. The format is documented in {@code docs/flows.md}.
 * Thread-safe.
 */
public final class FlowParser {
    static final List<String> KEYS = List.of("name", "target", "timeout", "cooldown", "block", "trace", "retry", "saveState",
            "steps", "outcome");
    static final List<String> BLOCKABLE = List.of("image", "font", "media", "stylesheet");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
    static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(5);
    static final Duration MIN_COOLDOWN = Duration.ofSeconds(1);

    // Duplicate keys would otherwise silently keep the last value: an operator's edit could vanish.
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final Placeholders placeholders;

    /** @param placeholders values for {@code {name}} in URLs, e.g. {@code agent -> http://127.0.0.1:8077} */
    public FlowParser(Map<String, String> placeholders) {
        this.placeholders = new Placeholders(placeholders);
    }

    /** @param fileName decides the syntax ({@code .json} is JSON, anything else YAML) and the default flow name */
    public ParseResult parse(String fileName, String text) {
        var in = new FieldReader(fileName);
        var root = readTree(fileName, text, in);
        if (root == null) {
            return new ParseResult.Rejected(in.problems());
        }
        in.onlyKeys(root, "", KEYS);
        var name = name(root.get("name"), fileName, in);
        var target = target(root.get("target"), in);
        var timeout = in.duration(root.get("timeout"), "timeout");
        if (timeout != null && (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            in.problem("timeout", timeout.isZero() ? "must be more than 0" : "must be at most 30m (got " + root.get("timeout").asText() + ")");
        }
        var cooldown = in.duration(root.get("cooldown"), "cooldown");
        if (cooldown != null && cooldown.compareTo(MIN_COOLDOWN) < 0) {
            in.problem("cooldown", "must be at least 1s (got " + root.get("cooldown").asText() + ")");
        }
        var block = block(root.get("block"), in);
        var trace = in.bool(root.get("trace"), "trace");
        // Goto URLs may also use {target}; with an invalid target they are only checked for syntax.
        var urls = target == null ? placeholders : placeholders.with("target", target.toString());
        var steps = new StepParser(in, target, urls).steps(root.get("steps"));
        var outcome = new OutcomeParser(in).outcome(root.get("outcome"));
        var retry = RetryParser.retry(root.get("retry"), in);
        var saveState = saveState(root.get("saveState"), in);

        var problems = in.problems();
        if (!problems.isEmpty()) {
            return new ParseResult.Rejected(problems);
        }
        return new ParseResult.Valid(new FlowSpec(name, target.toString(),
                timeout == null ? DEFAULT_TIMEOUT : timeout,
                cooldown == null ? DEFAULT_COOLDOWN : cooldown,
                steps, outcome, block, Boolean.TRUE.equals(trace), retry, saveState));
    }

    private static JsonNode readTree(String fileName, String text, FieldReader in) {
        var json = fileName.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = text == null || text.isBlank() ? null : (json ? JSON : YAML).readTree(text.replaceFirst("^\uFEFF", ""));
        } catch (JsonProcessingException e) {
            in.problem("", (json ? "JSON" : "YAML") + " syntax error" + syntaxError(e));
            return null;
        }
        if (absent(root) || (root.isTextual() && root.asText().isBlank())) {
            in.problem("", "the file is empty; a flow needs at least target and steps");
            return null;
        }
        if (!root.isObject()) {
            // Its kind only, never its content: a file that is no flow at all may be anything (a key, a password).
            in.problem("", "expected a map of flow settings (target, steps, ...) at the top level, got " + kind(root));
            return null;
        }
        return root;
    }

    private static String name(JsonNode node, String fileName, FieldReader in) {
        if (absent(node)) {
            var base = fileName.replaceFirst("\\.[^.]*$", "");
            if (!FieldReader.NAME.matcher(base).matches()) {
                in.problem("name", "not set, and the file name '" + base + "' cannot be a flow name "
                        + "(letters, digits, . _ -; at most 64): add name: ...");
            }
            return base;
        }
        var name = in.text(node, "name", true);
        if (name != null && !FieldReader.NAME.matcher(name).matches()) {
            in.problem("name", "'" + name + "' is not a valid flow name (letters, digits, . _ -; at most 64)");
        }
        return name;
    }

    private URI target(JsonNode node, FieldReader in) {
        var raw = in.text(node, "target", true);
        return raw == null ? null : placeholders.absolute(raw, in, "target");
    }

    private static Set<String> block(JsonNode node, FieldReader in) {
        var types = new LinkedHashSet<String>();
        if (absent(node)) {
            return types;
        }
        var items = node.isArray() ? node : JSON.createArrayNode().add(node);
        for (int i = 0; i < items.size(); i++) {
            var field = node.isArray() ? FieldReader.index("block", i) : "block";
            var type = in.text(items.get(i), field, true);
            if (type != null && !BLOCKABLE.contains(type)) {
                in.problem(field, "unknown resource type '" + type + "'" + NearestName.suggestion(type, BLOCKABLE));
            } else if (type != null) {
                types.add(type);
            }
        }
        return types;
    }

    private static SaveState saveState(JsonNode node, FieldReader in) {
        var text = in.text(node, "saveState", false);
        if (text == null) {
            return SaveState.REACHED;
        }
        return switch (text) {
            case "reached" -> SaveState.REACHED;
            case "success" -> SaveState.SUCCESS;
            case "never" -> SaveState.NEVER;
            default -> {
                in.problem("saveState", "'" + text + "' is not reached, success or never"
                        + NearestName.suggestion(text, List.of("reached", "success", "never")));
                yield SaveState.REACHED;
            }
        };
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a text of " + node.asText().length() + " characters";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * " at line 3, column 1: expected ',' or ']'..." without the parser's source excerpt and caret lines,
     * and without any token of the file longer than a few characters: a file that does not even parse
     * may be no flow at all, and its words are not ours to repeat ("Unrecognized token 'hunter2'").
     */
    private static String syntaxError(JsonProcessingException e) {
        var location = e.getLocation();
        var where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        var what = String.valueOf(e.getOriginalMessage()).lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining("; "))
                .replaceAll("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)]", "line $1, column $2")
                .replaceAll("(?<!Duplicate field )'[^'\\s]{4,}'", "'…'")
                .replaceAll("\"[^\"\\s]{4,}\"", "\"…\"");
        return where + ": " + what;
    }
}
