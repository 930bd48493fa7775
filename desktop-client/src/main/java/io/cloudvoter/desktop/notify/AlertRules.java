package io.cloudvoter.desktop.notify;

import io.cloudvoter.desktop.connection.ConnectionStatus;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * When the link itself needs the operator: an agent connection lost, regained, or its token refused.
 * What happens on the agent (runs failing, the guard acting, the browser down…) is the agent's own
 * alerts' business ({@link io.cloudvoter.desktop.alerts.AlertsModel}): they reach the operator even
 * with no desktop open, and this client only shows them.
 */
public final class AlertRules {
    private final String agent;
    private final Clock clock;
    private final Consumer<Notice> notices;
    private boolean wasConnected;
    private boolean lost;
    private boolean tokenAlerted;

    public AlertRules(String agent, Clock clock, Consumer<Notice> notices) {
        this.agent = agent;
        this.clock = clock;
        this.notices = notices;
    }

    public void connection(ConnectionStatus status) {
        if (status.phase() != ConnectionStatus.Phase.NEEDS_TOKEN) {
            tokenAlerted = false;
        }
        if (status.connected()) {
            if (lost) {
                notices.accept(Notice.info(clock.instant(), agent, "Reconnected", "the live view is current again"));
            }
            wasConnected = true;
            lost = false;
        } else if (wasConnected && status.phase() == ConnectionStatus.Phase.RETRYING) {
            wasConnected = false;
            lost = true;
            notices.accept(Notice.alert(clock.instant(), Notice.Level.WARNING, agent, "Agent disconnected",
                    (status.detail() == null ? "the connection dropped" : status.detail()) + "; reconnecting"));
        } else if (status.phase() == ConnectionStatus.Phase.NEEDS_TOKEN) {
            if (!tokenAlerted) {
                notices.accept(Notice.alert(clock.instant(), Notice.Level.DANGER, agent, "Token refused",
                        status.detail() + "; enter the new token in Connections… (Ctrl+K)"));
            }
            tokenAlerted = true;
            wasConnected = false;
            lost = true;
        } else if (status.phase() == ConnectionStatus.Phase.CLOSED) {
            wasConnected = false;
            lost = false;
        }
    }
}
