package io.cloudvoter.agent.health;

import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.model.api.HealthResponse.HealthCheck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent's health, one definition for every reader: {@code /api/health} and its {@code /live}
 * and {@code /ready}, and the systemd watchdog ping.
 * <ul>
 *   <li>liveness: the scheduler loop ticks (a restart would help otherwise);</li>
 *   <li>the watchdog: liveness, and the run store takes a write (an agent that cannot record
 *       its runs is better restarted than left running);</li>
 *   <li>readiness: both, and the browser can open a context ({@link BrowserCheck}, cached).</li>
 * </ul>
 */
public final class AgentHealth {
    private final RunStore store;
    private final Supplier<Instant> lastTick;
    private final BrowserCheck browser;
    private final Duration schedulerStale;
    private final Clock clock;

    public AgentHealth(RunStore store, Supplier<Instant> lastTick, BrowserCheck browser, HealthSettings settings, Clock clock) {
        this.store = store;
        this.lastTick = lastTick;
        this.browser = browser;
        this.schedulerStale = settings.schedulerStale();
        this.clock = clock;
    }

    public List<HealthCheck> liveness() {
        return List.of(scheduler());
    }

    public List<HealthCheck> readiness() {
        return List.of(store(), scheduler(), browser.result());
    }

    /** What the systemd watchdog ping depends on. */
    public boolean watchdogHealthy() {
        return store().up() && scheduler().up();
    }

    private HealthCheck store() {
        try {
            store.probeWrite();
            return new HealthCheck("store", true, null);
        } catch (RuntimeException e) {
            return new HealthCheck("store", false, "run store not writable: " + e.getMessage());
        }
    }

    private HealthCheck scheduler() {
        var age = Duration.between(lastTick.get(), clock.instant());
        return age.compareTo(schedulerStale) <= 0
                ? new HealthCheck("scheduler", true, null)
                : new HealthCheck("scheduler", false, "scheduler loop last ticked " + age.toSeconds() + "s ago");
    }
}
