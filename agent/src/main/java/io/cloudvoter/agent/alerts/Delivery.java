package io.cloudvoter.agent.alerts;

import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertSeverity;

import java.time.Instant;

/**
 * One notification for one channel, as the outbox holds it.
 *
 * @param id       the row's id; 0 for a delivery that could not be stored (kept in memory only)
 * @param delivery the idempotency key ({@code X-CloudVoter-Delivery}), the same on every try
 * @param payload  the notification as JSON, exactly as the first try sent it
 */
record Delivery(long id, String delivery, String alertKey, String channel, Kind kind, AlertSeverity severity,
                String payload, State state, int attempts, Instant createdAt, Instant nextAttemptAt, Instant expiresAt,
                Instant deliveredAt, String lastError) {

    enum Kind { OPEN, REPEAT, RESOLVED, TEST }

    enum State { PENDING, DELIVERED, EXPIRED, MUTED }

    Delivery withId(long newId) {
        return new Delivery(newId, delivery, alertKey, channel, kind, severity, payload, state, attempts, createdAt,
                nextAttemptAt, expiresAt, deliveredAt, lastError);
    }

    Delivery tried(State newState, int tries, Instant next, Instant delivered, String error) {
        return new Delivery(id, delivery, alertKey, channel, kind, severity, payload, newState, tries, createdAt, next,
                expiresAt, delivered, error);
    }

    AlertDelivery view() {
        return new AlertDelivery(id, delivery, alertKey, channel, kind.name(), severity, state.name(), attempts, createdAt,
                state == State.PENDING ? nextAttemptAt : null, expiresAt, deliveredAt, lastError);
    }

    @Override
    public String toString() {
        return "Delivery[" + delivery + " of " + alertKey + " (" + kind + ") to " + channel + ", " + state + "]";
    }
}
