package io.cloudvoter.model.flow;

import java.util.List;

/**
 * How the page's visible text is read once the steps are done (or one of them failed). Patterns are
 * Java regular expressions matched case-insensitively anywhere in the text. Rate limit is checked
 * first, then failure, then the {@code expect} list (every one must hold), then success. With no
 * success patterns and no expectations, completing the steps is a success.
 */
public record OutcomeRules(List<String> success, List<String> failure, RateLimitRule rateLimit, List<Expectation> expect) {
    public OutcomeRules {
        success = List.copyOf(success);
        failure = List.copyOf(failure);
        expect = expect == null ? List.of() : List.copyOf(expect);
    }

    public OutcomeRules(List<String> success, List<String> failure, RateLimitRule rateLimit) {
        this(success, failure, rateLimit, List.of());
    }

    public static OutcomeRules none() {
        return new OutcomeRules(List.of(), List.of(), RateLimitRule.none(), List.of());
    }
}
