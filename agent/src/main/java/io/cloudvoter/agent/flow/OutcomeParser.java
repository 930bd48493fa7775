package io.cloudvoter.agent.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.model.flow.OutcomeRules;
import io.cloudvoter.model.flow.RateLimitRule;

import java.util.List;

import static io.cloudvoter.agent.flow.FieldReader.absent;
import static io.cloudvoter.agent.flow.FieldReader.describe;

/** Reads the optional {@code outcome} map: success, failure and rate-limit patterns. */
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
            in.problem("outcome", "expected a map with success, failure and rateLimit, got " + describe(node));
            return OutcomeRules.none();
        }
        in.onlyKeys(node, "outcome", List.of("success", "failure", "rateLimit"));
        return new OutcomeRules(
                in.regexes(node.get("success"), "outcome.success"),
                in.regexes(node.get("failure"), "outcome.failure"),
                rateLimit(node.get("rateLimit")));
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
