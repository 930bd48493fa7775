package io.cloudvoter.agent.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.model.flow.Step;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.cloudvoter.agent.flow.FieldReader.absent;
import static io.cloudvoter.agent.flow.FieldReader.describe;
import static io.cloudvoter.agent.flow.FieldReader.field;

/** Reads the {@code steps} list: each item a one-key map named for the step kind, or the bare word {@code goto}. */
final class StepParser {
    static final List<String> KINDS = List.of("goto", "click", "fill", "press", "waitFor", "extract", "screenshot");

    private final FieldReader in;
    private final URI target;
    private final Placeholders urls;

    /**
     * @param target the flow's target, or {@code null} when it is invalid
     * @param urls   the placeholders goto URLs may use, {@code {target}} included
     */
    StepParser(FieldReader in, URI target, Placeholders urls) {
        this.in = in;
        this.target = target;
        this.urls = urls;
    }

    List<Step> steps(JsonNode node) {
        if (absent(node)) {
            in.problem("steps", "required: a list of steps, e.g. [goto, click: \"#vote\"]");
            return List.of();
        }
        if (!node.isArray()) {
            in.problem("steps", "expected a list, got " + describe(node));
            return List.of();
        }
        if (node.isEmpty()) {
            in.problem("steps", "needs at least one step");
        }
        var steps = new ArrayList<Step>();
        for (int i = 0; i < node.size(); i++) {
            var step = step(node.get(i), FieldReader.index("steps", i), i + 1);
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    private Step step(JsonNode item, String path, int number) {
        if (item.isTextual()) {
            return bareWord(item.asText(), path, number);
        }
        boolean optional = false;
        if (item.isObject() && item.size() == 2 && item.has("optional")) {
            var flag = in.bool(item.get("optional"), field(path, "optional"));
            optional = Boolean.TRUE.equals(flag);
            item = ((com.fasterxml.jackson.databind.node.ObjectNode) item.deepCopy()).without("optional");
        }
        if (!item.isObject() || item.size() != 1) {
            var why = item.isObject()
                    ? "a step is a map with exactly one key, the step kind (and optional: true beside it); got " + item.size()
                      + " keys " + String.join(", ", keys(item))
                      + " (indent the options under the kind, e.g. fill: {selector: \"#name\", value: Ann})"
                    : "expected a step such as click: \"#vote\", got " + describe(item);
            in.problem(path, why);
            return null;
        }
        var step = kind(item, path, number);
        return step != null && optional ? new Step.Optional(step) : step;
    }

    private Step kind(JsonNode item, String path, int number) {
        var kind = item.fieldNames().next();
        var value = item.get(kind);
        var at = field(path, kind);
        return switch (kind) {
            case "goto" -> go(value, at);
            case "click" -> click(value, at);
            case "fill" -> fill(value, at);
            case "press" -> press(value, at);
            case "waitFor" -> waitFor(value, at);
            case "extract" -> extract(value, at);
            case "screenshot" -> screenshot(value, at, number);
            default -> {
                in.problem(at, "unknown step '" + kind + "'" + NearestName.suggestion(kind, KINDS));
                yield null;
            }
        };
    }

    private Step bareWord(String word, String path, int number) {
        return switch (word) {
            case "goto" -> go(null, path);
            case "screenshot" -> screenshot(null, path, number);
            default -> {
                var why = KINDS.contains(word)
                        ? "'" + word + "' needs a value, e.g. " + word + ": \"#selector\""
                        : "unknown step '" + word + "'" + NearestName.suggestion(word, KINDS);
                in.problem(path, why);
                yield null;
            }
        };
    }

    private Step go(JsonNode value, String path) {
        if (absent(value) || (value.isTextual() && value.asText().isBlank())) {
            return new Step.Goto(target == null ? null : target.toString());
        }
        var raw = in.text(value, path, true);
        if (raw != null && FlowVariables.hasPlaceholders(raw)) {
            // Resolved against the target once the instance's values are in (FlowVariables.apply).
            return placeholdersOk(raw, path) ? new Step.Goto(raw) : null;
        }
        var url = raw == null ? null : urls.resolve(raw, target, in, path);
        return url == null ? null : new Step.Goto(url);
    }

    private Step click(JsonNode value, String path) {
        var selectors = value;
        var selectorsPath = path;
        Duration timeout = null;
        if (value != null && value.isObject()) {
            in.onlyKeys(value, path, List.of("selectors", "timeout"));
            selectors = value.get("selectors");
            selectorsPath = field(path, "selectors");
            timeout = in.positiveDuration(value.get("timeout"), field(path, "timeout"));
        }
        if (absent(selectors) || (selectors.isArray() && selectors.isEmpty())) {
            in.problem(selectorsPath, "needs at least one selector");
            return null;
        }
        var list = in.texts(selectors, selectorsPath);
        for (var selector : list) {
            placeholdersOk(selector, selectorsPath);
        }
        return list.isEmpty() ? null : new Step.Click(list, timeout);
    }

    private Step fill(JsonNode value, String path) {
        if (!options(value, path, Set.of("selector", "value"), "fill: {selector: \"#name\", value: Ann}")) {
            return null;
        }
        var selector = in.text(value.get("selector"), field(path, "selector"), true);
        var text = value.get("value");
        if (absent(text) || !text.isValueNode()) {
            in.problem(field(path, "value"), absent(text) ? "required" : "expected text, got " + describe(text));
            return null;
        }
        placeholdersOk(selector, field(path, "selector"));
        placeholdersOk(text.asText(), field(path, "value"));
        return selector == null ? null : new Step.Fill(selector, text.asText());
    }

    private Step press(JsonNode value, String path) {
        if (value != null && value.isTextual()) {
            var key = in.text(value, path, true);
            return key == null ? null : new Step.Press(null, key);
        }
        if (!options(value, path, Set.of("selector", "key"), "press: {selector: \"#name\", key: Enter}")) {
            return null;
        }
        var selector = in.text(value.get("selector"), field(path, "selector"), false);
        placeholdersOk(selector, field(path, "selector"));
        var key = in.text(value.get("key"), field(path, "key"), true);
        return key == null ? null : new Step.Press(selector, key);
    }

    private Step waitFor(JsonNode value, String path) {
        if (value != null && value.isTextual()) {
            if (value.asText().strip().equals("outcome")) {
                return new Step.WaitFor(null, null, null, true);
            }
            var selector = in.text(value, path, true);
            return selector == null || !placeholdersOk(selector, path) ? null : new Step.WaitFor(selector, null, null);
        }
        if (!options(value, path, Set.of("selector", "text", "outcome", "timeout"), "waitFor: {selector: \"#message\"}")) {
            return null;
        }
        var timeout = in.positiveDuration(value.get("timeout"), field(path, "timeout"));
        if (!absent(value.get("outcome"))) {
            var outcome = in.bool(value.get("outcome"), field(path, "outcome"));
            if (!absent(value.get("selector")) || !absent(value.get("text"))) {
                in.problem(path, "give one of selector, text or outcome");
                return null;
            }
            if (!Boolean.TRUE.equals(outcome)) {
                in.problem(field(path, "outcome"), "only outcome: true means something (wait until the page decides the run)");
                return null;
            }
            return new Step.WaitFor(null, null, timeout, true);
        }
        var selector = in.text(value.get("selector"), field(path, "selector"), false);
        var text = in.text(value.get("text"), field(path, "text"), false);
        boolean hasSelector = !absent(value.get("selector"));
        boolean hasText = !absent(value.get("text"));
        if (hasSelector == hasText) {
            in.problem(path, hasSelector ? "give either selector or text, not both" : "needs a selector, a text or outcome: true");
            return null;
        }
        placeholdersOk(selector, field(path, "selector"));
        placeholdersOk(text, field(path, "text"));
        return selector == null && text == null ? null : new Step.WaitFor(selector, text, timeout);
    }

    private Step extract(JsonNode value, String path) {
        if (value != null && value.isTextual()) {
            var selector = in.text(value, path, true);
            return selector == null ? null : new Step.Extract(selector, "value", null);
        }
        if (!options(value, path, Set.of("selector", "name", "pattern", "as", "attribute"),
                "extract: {selector: \"#count\", name: votes}")) {
            return null;
        }
        var selector = in.text(value.get("selector"), field(path, "selector"), true);
        placeholdersOk(selector, field(path, "selector"));
        var name = in.text(value.get("name"), field(path, "name"), false);
        if (name != null && !FieldReader.NAME.matcher(name).matches()) {
            in.problem(field(path, "name"), "'" + name + "' is not a valid name (letters, digits, . _ -; at most 64)");
        }
        var pattern = in.regex(value.get("pattern"), field(path, "pattern"), 1, "\"(\\\\d+) votes\"");
        var as = in.text(value.get("as"), field(path, "as"), false);
        if (as != null && !as.equals("number") && !as.equals("text")) {
            in.problem(field(path, "as"), "'" + as + "' is not number or text");
        }
        var attribute = in.text(value.get("attribute"), field(path, "attribute"), false);
        return selector == null ? null : new Step.Extract(selector, name == null ? "value" : name, pattern, attribute, "text".equals(as));
    }

    private Step screenshot(JsonNode value, String path, int number) {
        var fallback = "step" + number;
        if (absent(value) || value.isTextual()) {
            var name = absent(value) || value.asText().isBlank() ? fallback : value.asText();
            return screenshotNamed(name, false, path);
        }
        if (!options(value, path, Set.of("name", "fullPage"), "screenshot: {name: after-vote, fullPage: true}")) {
            return null;
        }
        var name = in.text(value.get("name"), field(path, "name"), false);
        var fullPage = in.bool(value.get("fullPage"), field(path, "fullPage"));
        return screenshotNamed(name == null ? fallback : name, Boolean.TRUE.equals(fullPage), field(path, "name"));
    }

    private Step screenshotNamed(String name, boolean fullPage, String path) {
        // The name becomes part of a file name, so nothing that could leave the artifacts folder.
        if (!FieldReader.NAME.matcher(name).matches()) {
            in.problem(path, "'" + name + "' is not a valid screenshot name (letters, digits, . _ -; at most 64)");
            return null;
        }
        return new Step.Screenshot(name, fullPage);
    }

    /** Records a problem when {@code text}'s placeholders are not {@code ${vars.NAME}}, {@code ${secrets.NAME}} or {@code ${instance.id}}. */
    private boolean placeholdersOk(String text, String path) {
        var why = FlowVariables.problem(text);
        if (why != null) {
            in.problem(path, why);
        }
        return why == null;
    }

    private static List<String> keys(JsonNode map) {
        var keys = new ArrayList<String>();
        map.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Checks that a step's value is a map of options with no unknown keys. */
    private boolean options(JsonNode value, String path, Set<String> known, String example) {
        if (value == null || !value.isObject()) {
            in.problem(path, "expected a map of options such as " + example + ", got " + describe(value));
            return false;
        }
        in.onlyKeys(value, path, known.stream().sorted().toList());
        return true;
    }
}
