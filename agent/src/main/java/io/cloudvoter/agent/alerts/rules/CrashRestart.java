package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.RunFinished;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The agent started after a crash: it found runs still {@code RUNNING} from the previous process
 * (a clean stop closes them) and marked them {@code INTERRUPTED}. Resolves with the first run that
 * succeeds afterwards, or at the next start that finds nothing cut.
 */
public final class CrashRestart implements AlertRule {
    public static final String NAME = "crash-restart";

    private final int interruptedAtStart;
    private final Instant startedAt;
    private String recovered;

    public CrashRestart(int interruptedAtStart, Instant startedAt) {
        this.interruptedAtStart = interruptedAtStart;
        this.startedAt = startedAt;
        this.recovered = interruptedAtStart > 0 ? null : "the agent started cleanly at " + startedAt;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onEvent(AgentEvent event) {
        if (recovered == null && event instanceof RunFinished f && f.run().outcome() == Outcome.SUCCESS) {
            recovered = "the agent runs again: run " + f.run().id() + " of " + f.run().instanceId() + " succeeded";
        }
    }

    @Override
    public List<Verdict> evaluate(Instant now, Set<String> open) {
        if (recovered != null) {
            return List.of(Verdict.clear(NAME, recovered));
        }
        return List.of(Verdict.firing(NAME, AlertSeverity.WARNING, "the agent started at " + startedAt + " after a crash: "
                + interruptedAtStart + " run(s) of the previous process were cut and marked INTERRUPTED", null, null));
    }
}
