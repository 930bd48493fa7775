package io.cloudvoter.model.flow;

import io.cloudvoter.model.api.Outcome;

import java.time.Duration;
import java.util.Set;

/**
 * How a flow is tried again after a run that did not succeed ({@code retry:}). Each attempt is a
 * run of its own; {@code RATE_LIMITED} is never retried (it pauses the target instead).
 *
 * @param attempts in all, the first run included (2 or more)
 * @param on       the outcomes that are retried: {@code ERROR}, {@code FAILED}
 * @param delay    before the second attempt; then as {@code backoff} says, at most {@code maxDelay}
 */
public record RetryPolicy(int attempts, Set<Outcome> on, Backoff backoff, Duration delay, Duration maxDelay) {
    public enum Backoff { FIXED, LINEAR, EXPONENTIAL }

    public RetryPolicy {
        on = Set.copyOf(on);
    }

    /** The wait before attempt {@code next} (2 for the first retry). */
    public Duration delayBefore(int next) {
        int n = Math.max(1, next - 1);
        Duration d = switch (backoff) {
            case FIXED -> delay;
            case LINEAR -> delay.multipliedBy(n);
            case EXPONENTIAL -> delay.multipliedBy(1L << Math.min(30, n - 1));
        };
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
