package io.cloudvoter.agent.flow;

import com.microsoft.playwright.Page;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.OutcomeRules;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Reads a run's outcome from its page, in this order: rate-limit patterns, failure patterns, the
 * {@code expect} list (every expectation must hold), success patterns. With neither success patterns
 * nor expectations, completing the steps is a success. Also says when the page has decided, for
 * {@code waitFor: outcome}.
 */
final class OutcomeJudge {
    /** @param reason {@link FlowResult#EXPECT} when an expectation failed, else null */
    record Verdict(Outcome outcome, String message, Instant retryAt, String reason) {
    }

    private final OutcomeRules rules;
    private final Page page;
    private final RunWatch watch;
    private final Clock clock;
    private final ZoneId zone;

    OutcomeJudge(FlowSpec flow, Page page, RunWatch watch, Clock clock, ZoneId zone) {
        this.rules = flow.outcome();
        this.page = page;
        this.watch = watch;
        this.clock = clock;
        this.zone = zone;
    }

    /** Only what means "no": a rate limit or a failure pattern in {@code text}. */
    Optional<Verdict> refusal(String text) {
        return OutcomeReader.refusal(text, rules, clock.instant(), zone)
                .map(v -> new Verdict(v.outcome(), v.message(), v.retryAt(), null));
    }

    /** The whole verdict once the steps are done. */
    Verdict atEnd(String text) {
        var refused = refusal(text);
        if (refused.isPresent()) {
            return refused.get();
        }
        var unmet = Expectations.firstUnmet(rules.expect(), page, watch);
        if (unmet.isPresent()) {
            return new Verdict(Outcome.FAILED, unmet.get(), null, FlowResult.EXPECT);
        }
        if (rules.success().isEmpty() && !rules.expect().isEmpty()) {
            return new Verdict(Outcome.SUCCESS, "every expectation held (" + rules.expect().size() + ")", null, null);
        }
        var v = OutcomeReader.read(text, rules, clock.instant(), zone);
        return new Verdict(v.outcome(), v.message(), v.retryAt(), null);
    }

    /**
     * Whether the page has decided the run: it refused (rate limit, failure text), its document is an
     * HTTP error, or every expectation holds and a success pattern (if there are any) matches.
     */
    boolean decided(String text) {
        if (refusal(text).isPresent() || watch.documentStatus() >= 400) {
            return true;
        }
        if (Expectations.firstUnmet(rules.expect(), page, watch).isPresent()) {
            return false;
        }
        return rules.success().isEmpty() || OutcomeReader.read(text, rules, clock.instant(), zone).outcome() == Outcome.SUCCESS;
    }
}
