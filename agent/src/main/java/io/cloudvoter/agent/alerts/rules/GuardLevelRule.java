package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.agent.guard.GuardLevel;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.GuardEvent;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The resource guard at {@code at} or above (hard: it recycles the browser; critical: it stops the
 * agent for a restart). The level is followed from the guard's events; a fresh agent starts at
 * normal, so an alert left open by a critical stop resolves once the new agent runs.
 */
public final class GuardLevelRule implements AlertRule {
    public static final String NAME = "guard";

    private final GuardLevel at;
    private GuardLevel level = GuardLevel.NORMAL;
    private String reason;

    public GuardLevelRule(GuardLevel at) {
        this.at = at;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onEvent(AgentEvent event) {
        if (event instanceof GuardEvent g && g.action() != null && g.action().level() != null) {
            try {
                level = GuardLevel.valueOf(g.action().level());
                reason = g.action().action() + ": " + g.action().reason();
            } catch (IllegalArgumentException e) {
                // a level this build does not know: keep the last one
            }
        }
    }

    @Override
    public List<Verdict> evaluate(Instant now, Set<String> open) {
        if (level.compareTo(at) >= 0) {
            return List.of(Verdict.firing(NAME, level == GuardLevel.CRITICAL ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
                    "the resource guard is at the " + level.key() + " level (" + reason + ")", null, null));
        }
        return List.of(Verdict.clear(NAME, "the resource guard is at the " + level.key() + " level"
                + (reason == null ? "" : " (" + reason + ")")));
    }
}
