package io.cloudvoter.agent.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.RetryPolicy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import static io.cloudvoter.agent.flow.FieldReader.absent;
import static io.cloudvoter.agent.flow.FieldReader.describe;
import static io.cloudvoter.agent.flow.FieldReader.field;

/**
 * Reads {@code retry: {attempts: 3, on: [ERROR, FAILED], backoff: exponential, delay: 10s, max-delay: 5m}}.
 * {@code RATE_LIMITED} cannot be retried: the target asked to slow down, and its pause is respected.
 */
final class RetryParser {
    static final int MAX_ATTEMPTS = 10;
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(10);
    static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(5);
    static final Duration MIN_DELAY = Duration.ofSeconds(1);

    private RetryParser() {
    }

    static RetryPolicy retry(JsonNode node, FieldReader in) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            in.problem("retry", "expected a map such as {attempts: 3, on: [ERROR, FAILED], delay: 10s}, got " + describe(node));
            return null;
        }
        in.onlyKeys(node, "retry", List.of("attempts", "on", "backoff", "delay", "max-delay"));
        int attempts = 3;
        var attemptsNode = node.get("attempts");
        if (!absent(attemptsNode)) {
            if (!attemptsNode.canConvertToInt() || attemptsNode.asInt() < 2 || attemptsNode.asInt() > MAX_ATTEMPTS
                || !attemptsNode.isIntegralNumber()) {
                in.problem("retry.attempts", "expected a whole number from 2 to " + MAX_ATTEMPTS + " (the first run included), got "
                        + describe(attemptsNode));
            } else {
                attempts = attemptsNode.asInt();
            }
        }
        var on = EnumSet.of(Outcome.ERROR, Outcome.FAILED);
        var onNode = node.get("on");
        if (!absent(onNode)) {
            on.clear();
            var texts = in.texts(onNode, "retry.on");
            for (var text : texts) {
                switch (text.toUpperCase(Locale.ROOT)) {
                    case "ERROR" -> on.add(Outcome.ERROR);
                    case "FAILED" -> on.add(Outcome.FAILED);
                    case "RATE_LIMITED" -> in.problem("retry.on", "RATE_LIMITED is never retried: the target asked to slow down,"
                            + " and every instance of it waits out its pause");
                    default -> in.problem("retry.on", "'" + text + "' is not ERROR or FAILED");
                }
            }
            if (texts.isEmpty()) {
                in.problem("retry.on", "needs ERROR, FAILED or both");
            }
        }
        var backoff = RetryPolicy.Backoff.FIXED;
        var backoffText = in.text(node.get("backoff"), "retry.backoff", false);
        if (backoffText != null) {
            try {
                backoff = RetryPolicy.Backoff.valueOf(backoffText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                in.problem("retry.backoff", "'" + backoffText + "' is not fixed, linear or exponential");
            }
        }
        var delay = orDefault(in.duration(node.get("delay"), "retry.delay"), DEFAULT_DELAY);
        if (delay.compareTo(MIN_DELAY) < 0) {
            in.problem("retry.delay", "must be at least 1s");
        }
        var max = orDefault(in.duration(node.get("max-delay"), field("retry", "max-delay")), DEFAULT_MAX_DELAY);
        if (max.compareTo(delay) < 0) {
            in.problem("retry.max-delay", "must be at least the delay (" + io.cloudvoter.agent.config.Durations.format(delay) + ")");
        }
        return new RetryPolicy(attempts, on, backoff, delay, max);
    }

    private static Duration orDefault(Duration d, Duration fallback) {
        return d == null ? fallback : d;
    }
}
