package io.cloudvoter.agent.flow;

import io.cloudvoter.agent.config.Durations;

import java.time.Duration;

/**
 * The time one step may take: its own timeout, or what is left of the run if that is less. Measured
 * with {@link System#nanoTime()} so a step's waits stay bounded even under a fixed test clock.
 *
 * @param capped whether the limit is the run's remaining time: a timeout then means the run is out of time
 */
record StepTimer(Duration limit, boolean capped, long startNanos) {

    static StepTimer start(Duration stepTimeout, Duration runLeft) {
        boolean capped = runLeft.compareTo(stepTimeout) < 0;
        return new StepTimer(capped ? runLeft : stepTimeout, capped, System.nanoTime());
    }

    Duration remaining() {
        return limit.minusNanos(System.nanoTime() - startNanos);
    }

    boolean expired() {
        return !remaining().isPositive();
    }

    /** For Playwright options, where 0 would mean "no timeout at all". */
    double millis() {
        return Math.max(1, remaining().toMillis());
    }

    String limitText() {
        return Durations.format(limit);
    }
}
