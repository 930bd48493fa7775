package io.cloudvoter.desktop.notify;

import io.cloudvoter.desktop.connection.ConnectionStatus;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * When to interrupt the operator: an instance failing {@value #REPEATED} times in a row (and every
 * {@value #REMIND_EVERY} failures after that), the resource guard acting, an agent connection lost.
 */
public final class AlertRules {
    public static final int REPEATED = 3;
    public static final int REMIND_EVERY = 10;

    private final String agent;
    private final Clock clock;
    private final Consumer<Notice> notices;
    private final Map<String, Integer> failureStreaks = new HashMap<>();
    private boolean wasConnected;
    private boolean lost;
    private boolean tokenAlerted;

    public AlertRules(String agent, Clock clock, Consumer<Notice> notices) {
        this.agent = agent;
        this.clock = clock;
        this.notices = notices;
    }

    public void runFinished(RunRecord run) {
        if (run.outcome() == Outcome.SUCCESS) {
            failureStreaks.remove(run.instanceId());
        } else if (run.outcome() == Outcome.FAILED || run.outcome() == Outcome.ERROR) {
            int streak = failureStreaks.merge(run.instanceId(), 1, Integer::sum);
            if (streak == REPEATED || (streak > REPEATED && (streak - REPEATED) % REMIND_EVERY == 0)) {
                notices.accept(Notice.alert(clock.instant(), Notice.Level.DANGER, agent,
                        run.instanceId() + " failed " + streak + " times in a row",
                        "Last run " + run.id() + " " + run.outcome() + (run.message() == null ? "" : ": " + run.message())));
            }
        }
    }

    public void guard(GuardAction action) {
        boolean normal = "NORMAL".equalsIgnoreCase(action.level());
        var level = switch (action.level() == null ? "" : action.level().toUpperCase(java.util.Locale.ROOT)) {
            case "HARD", "CRITICAL" -> Notice.Level.DANGER;
            case "NORMAL" -> Notice.Level.SUCCESS;
            default -> Notice.Level.WARNING;
        };
        String title = normal ? "Resource guard: back to normal" : "Resource guard: " + action.action() + " (" + action.level() + ")";
        notices.accept(new Notice(clock.instant(), level, agent, title, action.reason(), !normal));
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
