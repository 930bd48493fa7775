package io.cloudvoter.model.flow;

import java.util.List;

/**
 * When the target says "slow down".
 *
 * @param patterns   any match means {@code RATE_LIMITED}
 * @param retryAfter optional pattern whose first group is a number and optional second group a unit
 *                   (seconds by default; {@code s, sec, second(s), m, min, minute(s), h, hour(s)})
 * @param retryAt    optional pattern whose first group is a time: ISO-8601 instant, or {@code HH:mm[:ss]}
 *                   in the agent's time zone (the next such time)
 */
public record RateLimitRule(List<String> patterns, String retryAfter, String retryAt) {
    public RateLimitRule {
        patterns = List.copyOf(patterns);
    }

    public static RateLimitRule none() {
        return new RateLimitRule(List.of(), null, null);
    }
}
