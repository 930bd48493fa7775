package io.cloudvoter.model.api;

import java.util.List;

/**
 * A configured notification channel, with its secrets left out.
 *
 * @param type      {@code webhook}, {@code slack}, {@code discord}, {@code ntfy} or {@code email}
 * @param target    where it sends, masked: scheme, host and port only for URLs, the host and the
 *                  recipients for e-mail
 * @param failedAttempts tries that failed since the agent started
 */
public record AlertChannel(String name,
                           String type,
                           String target,
                           List<AlertSeverity> severities,
                           long pending,
                           long delivered,
                           long failedAttempts) {
}
