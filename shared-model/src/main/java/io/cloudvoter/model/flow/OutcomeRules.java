package io.cloudvoter.model.flow;

import java.util.List;

/**
 * How the page's visible text is read once the steps are done (or one of them failed). Patterns are
 * Java regular expressions matched case-insensitively anywhere in the text. Rate limit is checked
 * first, then failure, then success. With no success patterns, completing the steps is a success.
 */
public record OutcomeRules(List<String> success, List<String> failure, RateLimitRule rateLimit) {
    public OutcomeRules {
        success = List.copyOf(success);
        failure = List.copyOf(failure);
    }

    public static OutcomeRules none() {
        return new OutcomeRules(List.of(), List.of(), RateLimitRule.none());
    }
}
