package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.model.events.AgentEvent;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One condition worth waking an operator for. Rules are driven by one thread (the alert engine's):
 * they see the events they care about, then are asked what holds now. They never block on the run
 * engine; what they need to read (the browser's state, the store) is cheap.
 */
public interface AlertRule {
    /** The rule's name, the first part of its alert keys ({@code failures-in-a-row}). */
    String name();

    default void onEvent(AgentEvent event) {
    }

    /**
     * @param open the keys of this rule's alerts that are open now (also those from before a
     *             restart), so the rule can clear what it no longer tracks
     */
    List<Verdict> evaluate(Instant now, Set<String> open);
}
