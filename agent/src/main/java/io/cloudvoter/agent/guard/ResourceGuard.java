package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.schedule.Admission;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.events.GuardEvent;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Acts on the {@link GuardPolicy}'s level, sample by sample: holds new runs from the soft level up
 * (it is the scheduler's {@link Admission}), recycles the browser when it reaches the hard level
 * (in-flight runs finish first, for at most the drain timeout), and stops the agent with
 * {@link #EXIT_CRITICAL} at the critical level so systemd starts a fresh one. Every change of level
 * is logged, published as a {@code guard} event and stored with its readings.
 */
public final class ResourceGuard implements Admission {
    /** The exit code of a critical stop: EX_TEMPFAIL, "try again later"; the systemd unit restarts on it. */
    public static final int EXIT_CRITICAL = 75;
    private static final Logger LOG = Logger.getLogger(ResourceGuard.class.getName());
    private static final int RECENT = 200;

    private final GuardSettings settings;
    private final GuardPolicy policy;
    private final GuardActions store;
    private final EventBus bus;
    private final GuardResponses responses;
    private final Clock clock;
    private volatile GuardLevel level = GuardLevel.NORMAL;
    private volatile String holdReason;

    public ResourceGuard(GuardSettings settings, GuardActions store, EventBus bus, GuardResponses responses, Clock clock) {
        this.settings = settings;
        this.policy = new GuardPolicy(settings);
        this.store = store;
        this.bus = bus;
        this.responses = responses;
        this.clock = clock;
    }

    /** Judges one smoothed sample and acts when the level changes. Called by the sampler's thread. */
    public synchronized void onSample(ResourceSample sample) {
        if (!settings.enabled() || level == GuardLevel.CRITICAL) {
            return;
        }
        var decision = policy.decide(level, sample);
        var previous = level;
        if (decision.level() == previous) {
            return;
        }
        level = decision.level();
        switch (decision.level()) {
            case NORMAL -> {
                holdReason = null;
                act("admit", decision.reason(), sample);
            }
            case SOFT -> {
                holdReason = decision.reason();
                act("hold-new-runs", previous == GuardLevel.HARD
                        ? "below the hard level, still holding new runs: " + decision.reason() : decision.reason(), sample);
            }
            case HARD -> {
                holdReason = decision.reason();
                act("recycle-browser", decision.reason() + "; holding new runs, recycling the browser once the runs in"
                        + " flight end (at most " + Durations.format(settings.drainTimeout()) + ")", sample);
                recycle(decision.reason(), sample);
            }
            case CRITICAL -> {
                holdReason = decision.reason();
                act("shutdown", decision.reason() + "; stopping the agent (exit code " + EXIT_CRITICAL
                        + ") for a fresh start", sample);
                responses.shutdown(EXIT_CRITICAL, "resource guard: " + decision.reason());
            }
        }
    }

    private void recycle(String reason, ResourceSample sample) {
        responses.recycleBrowser("resource guard at the hard level: " + reason).toCompletableFuture().copy()
                .orTimeout(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> {
                    if (error instanceof TimeoutException) {
                        synchronized (this) {
                            act("interrupt-runs", "runs still in flight after the " + Durations.format(settings.drainTimeout())
                                    + " drain timeout; interrupting them so the browser can be recycled", sample);
                        }
                        responses.interruptRuns("the resource guard is recycling the browser (" + reason + ")");
                    } else if (error == null) {
                        LOG.info("Resource guard: browser recycled");
                    }
                });
    }

    private void act(String action, String reason, ResourceSample sample) {
        var a = new GuardAction(clock.instant(), level.name(), action, reason);
        LOG.log(level == GuardLevel.NORMAL ? Level.INFO : Level.WARNING,
                "Resource guard " + a.level() + ": " + action + " (" + reason + ")");
        try {
            store.record(a, sample);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not store the guard action " + action, e);
        }
        bus.publish((seq, time) -> new GuardEvent(seq, time, a));
    }

    @Override
    public Optional<String> refusal() {
        var reason = holdReason;
        return level == GuardLevel.NORMAL || reason == null ? Optional.empty()
                : Optional.of("resource guard at the " + level.key() + " level: " + reason);
    }

    public GuardLevel level() {
        return level;
    }

    /** The newest guard actions, oldest first, from the store (so they include those before a restart). */
    public List<GuardAction> recentActions() {
        return store.recent(RECENT);
    }
}
