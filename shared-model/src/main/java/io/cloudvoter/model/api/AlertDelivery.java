package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * One notification on its way to one channel, from the agent's outbox.
 *
 * @param delivery  the idempotency key, sent as {@code X-CloudVoter-Delivery}: the same on every try
 * @param kind      {@code OPEN}, {@code REPEAT}, {@code RESOLVED} or {@code TEST}
 * @param state     {@code PENDING} (not delivered yet, retried), {@code DELIVERED}, {@code EXPIRED}
 *                  (given up after the expiry time) or {@code MUTED} (recorded, never sent)
 * @param lastError why the last try failed (secrets masked), or why it was muted
 */
public record AlertDelivery(long id,
                            String delivery,
                            String alertKey,
                            String channel,
                            String kind,
                            AlertSeverity severity,
                            String state,
                            int attempts,
                            Instant createdAt,
                            Instant nextAttemptAt,
                            Instant expiresAt,
                            Instant deliveredAt,
                            String lastError) {
}
