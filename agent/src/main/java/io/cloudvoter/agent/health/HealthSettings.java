package io.cloudvoter.agent.health;

import io.cloudvoter.agent.config.SectionReader;

import java.time.Duration;

/**
 * The {@code cloudvoter.health} section.
 *
 * @param browserProbeInterval how often the browser must show it can open a context (a run that reached
 *                             the page counts; otherwise the agent probes)
 * @param browserProbeTimeout  how long a probe may take once the browser thread has room for it
 * @param schedulerStale       the scheduler loop is dead when it has not ticked for this long
 */
public record HealthSettings(Duration browserProbeInterval, Duration browserProbeTimeout, Duration schedulerStale) {
    public static final HealthSettings DEFAULT = new HealthSettings(Duration.ofMinutes(2), Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    /** Reads {@code cloudvoter.health}; wrong values go to the reader's problem list. */
    public static HealthSettings read(SectionReader r) {
        var d = DEFAULT;
        return new HealthSettings(
                r.duration("browser-probe-interval", d.browserProbeInterval(), Duration.ofSeconds(1), Duration.ofDays(1)),
                r.duration("browser-probe-timeout", d.browserProbeTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(30)),
                r.duration("scheduler-stale", d.schedulerStale(), Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
