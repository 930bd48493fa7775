package io.cloudvoter.agent.alerts;

import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.AlertState;

import java.time.Instant;

/** Changed copies of an {@link Alert} (a record of the wire model, so it has no withers of its own). */
final class Alerts {
    private Alerts() {
    }

    static Alert opened(String key, String rule, AlertSeverity severity, String message, String instanceId, String flow,
                        Instant now) {
        return new Alert(0, key, rule, severity, AlertState.OPEN, message, instanceId, flow, now, now, null, null, 0, null);
    }

    static Alert withId(Alert a, long id) {
        return new Alert(id, a.key(), a.rule(), a.severity(), a.state(), a.message(), a.instanceId(), a.flow(),
                a.openedAt(), a.updatedAt(), a.resolvedAt(), a.notifiedAt(), a.notifications(), a.muted());
    }

    static Alert changed(Alert a, AlertSeverity severity, String message, Instant now) {
        return new Alert(a.id(), a.key(), a.rule(), severity, a.state(), message, a.instanceId(), a.flow(),
                a.openedAt(), now, a.resolvedAt(), a.notifiedAt(), a.notifications(), a.muted());
    }

    static Alert resolved(Alert a, String message, Instant now) {
        return new Alert(a.id(), a.key(), a.rule(), a.severity(), AlertState.RESOLVED, message, a.instanceId(), a.flow(),
                a.openedAt(), now, now, a.notifiedAt(), a.notifications(), a.muted());
    }

    /** After a notification was due: {@code sent} to at least one channel, or not (muted, or no channel takes it). */
    static Alert notified(Alert a, Instant now, boolean sent, String mutedBy) {
        return new Alert(a.id(), a.key(), a.rule(), a.severity(), a.state(), a.message(), a.instanceId(), a.flow(),
                a.openedAt(), now, a.resolvedAt(), now, a.notifications() + (sent ? 1 : 0), mutedBy);
    }
}
