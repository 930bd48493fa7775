package io.cloudvoter.agent.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.model.flow.Expectation;
import io.cloudvoter.model.flow.OutcomeRules;
import io.cloudvoter.model.flow.RateLimitRule;

import java.util.ArrayList;
import java.util.List;

import static io.cloudvoter.agent.flow.FieldReader.absent;
import static io.cloudvoter.agent.flow.FieldReader.describe;

/** Reads the optional {@code outcome} map: success, failure and rate-limit patterns, and what to {@code expect}. */
final class OutcomeParser {
    private final FieldReader in;

    OutcomeParser(FieldReader in) {
        this.in = in;
    }

    OutcomeRules outcome(JsonNode node) {
        if (absent(node)) {
            return OutcomeRules.none();
        }
        if (!node.isObject()) {
            in.problem("outcome", "expected a map with success, failure, rateLimit and expect, got " + describe(node));
            return OutcomeRules.none();
        }
        in.onlyKeys(node, "outcome", List.of("success", "failure", "rateLimit", "expect"));
        return new OutcomeRules(
                in.regexes(node.get("success"), "outcome.success"),
                in.regexes(node.get("failure"), "outcome.failure"),
                rateLimit(node.get("rateLimit")),
                expectations(node.get("expect")));
    }

    static final List<String> EXPECTATIONS = List.of("response", "url", "element");
    static final List<String> ELEMENT_STATES = List.of("visible", "hidden", "attached", "detached");
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");
    private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile("[A-Z]{3,7}");

    /** A list of one-key maps: {@code response}, {@code url} or {@code element}. */
    private List<Expectation> expectations(JsonNode node) {
        var list = new ArrayList<Expectation>();
        if (absent(node)) {
            return list;
        }
        if (!node.isArray()) {
            in.problem("outcome.expect", "expected a list such as [url: \"/thanks\"], got " + describe(node));
            return list;
        }
        for (int i = 0; i < node.size(); i++) {
            var path = FieldReader.index("outcome.expect", i);
            var item = node.get(i);
            if (!item.isObject() || item.size() != 1) {
                in.problem(path, "an expectation is a map with one key: response, url or element; got " + describe(item));
                continue;
            }
            var kind = item.fieldNames().next();
            var value = item.get(kind);
            var at = FieldReader.field(path, kind);
            var e = switch (kind) {
                case "response" -> response(value, at);
                case "url" -> {
                    var pattern = in.regex(value, at, 0, "");
                    yield pattern == null ? null : new Expectation.Url(pattern);
                }
                case "element" -> element(value, at);
                default -> {
                    in.problem(at, "unknown expectation '" + kind + "'" + NearestName.suggestion(kind, EXPECTATIONS));
                    yield null;
                }
            };
            if (e != null) {
                list.add(e);
            }
        }
        return list;
    }

    private Expectation response(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            in.problem(path, "expected a map such as {url: \"/vote\", method: POST, status: 200-299}, got " + describe(value));
            return null;
        }
        in.onlyKeys(value, path, List.of("url", "method", "status"));
        var url = in.regex(value.get("url"), FieldReader.field(path, "url"), 0, "");
        if (absent(value.get("url"))) {
            in.problem(FieldReader.field(path, "url"), "required: a pattern found in the response's URL, e.g. \"/vote\"");
        }
        var method = in.text(value.get("method"), FieldReader.field(path, "method"), false);
        if (method != null && !METHOD.matcher(method.toUpperCase(java.util.Locale.ROOT)).matches()) {
            in.problem(FieldReader.field(path, "method"), "'" + method + "' is not an HTTP method (GET, POST, …)");
        }
        int from = 200;
        int to = 399;
        var status = value.get("status");
        if (!absent(status)) {
            var m = STATUS.matcher(status.asText().strip());
            if (!status.isValueNode() || !m.matches()) {
                in.problem(FieldReader.field(path, "status"), "expected a status (200) or a range (200-299), got " + describe(status));
            } else {
                from = Integer.parseInt(m.group(1));
                to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
                if (from < 100 || to > 599 || from > to) {
                    in.problem(FieldReader.field(path, "status"), "'" + status.asText() + "' is not a range of HTTP statuses within 100-599");
                }
            }
        }
        return url == null ? null : new Expectation.Response(url, method == null ? null : method.toUpperCase(java.util.Locale.ROOT), from, to);
    }

    private Expectation element(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            in.problem(path, "expected a map such as {selector: \"#done\", state: visible}, got " + describe(value));
            return null;
        }
        in.onlyKeys(value, path, List.of("selector", "state", "attribute", "value"));
        var selector = in.text(value.get("selector"), FieldReader.field(path, "selector"), true);
        var placeholders = FlowVariables.problem(selector);
        if (placeholders != null) {
            in.problem(FieldReader.field(path, "selector"), placeholders);
        }
        var state = in.text(value.get("state"), FieldReader.field(path, "state"), false);
        var attribute = in.text(value.get("attribute"), FieldReader.field(path, "attribute"), false);
        var attrValue = in.text(value.get("value"), FieldReader.field(path, "value"), false);
        if (state != null && !ELEMENT_STATES.contains(state)) {
            in.problem(FieldReader.field(path, "state"), "unknown state '" + state + "'" + NearestName.suggestion(state, ELEMENT_STATES)
                    + " (one of " + String.join(", ", ELEMENT_STATES) + ")");
            return null;
        }
        if (state != null && attribute != null) {
            in.problem(path, "give either state or attribute, not both");
            return null;
        }
        if (attrValue != null && attribute == null) {
            in.problem(FieldReader.field(path, "value"), "value needs attribute: the attribute whose value it is");
            return null;
        }
        return selector == null ? null : new Expectation.Element(selector, attribute == null && state == null ? "visible" : state,
                attribute, attrValue);
    }

    /** A pattern or list of patterns, or a map that adds where to read the retry time. */
    private RateLimitRule rateLimit(JsonNode node) {
        var path = "outcome.rateLimit";
        if (absent(node)) {
            return RateLimitRule.none();
        }
        if (!node.isObject()) {
            return new RateLimitRule(in.regexes(node, path), null, null);
        }
        in.onlyKeys(node, path, List.of("patterns", "retryAfter", "retryAt"));
        var patternsNode = node.get("patterns");
        if (absent(patternsNode) || (patternsNode.isArray() && patternsNode.isEmpty())) {
            in.problem(path + ".patterns", "required: the texts that mean \"slow down\", e.g. [\"Too many votes\"]");
        }
        return new RateLimitRule(
                in.regexes(patternsNode, path + ".patterns"),
                in.regex(node.get("retryAfter"), path + ".retryAfter", 1, "\"Try again in (\\\\d+) (seconds?|minutes?)\""),
                in.regex(node.get("retryAt"), path + ".retryAt", 1, "\"retry at (\\\\d{2}:\\\\d{2})\""));
    }
}
