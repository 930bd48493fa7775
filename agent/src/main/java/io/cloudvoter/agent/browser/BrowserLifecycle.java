package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.config.SectionReader;

import java.time.Duration;

/**
 * When the shared browser is recycled, closed and checked ({@code cloudvoter.browser}); zero
 * switches a rule off.
 *
 * @param recycleAfterRuns a fresh browser (and driver) after this many runs, to beat slow leaks
 * @param recycleAfter     ... or after this long
 * @param idleCloseAfter   close the browser when nothing has run for this long; the next run starts it
 * @param probeInterval    how often the pool checks that Chromium and its driver are alive (the guard's sample interval)
 * @param reapInterval     how often Chromium processes left by a dead agent of this data dir are killed
 *                         (they are always looked for at start)
 */
public record BrowserLifecycle(int recycleAfterRuns, Duration recycleAfter, Duration idleCloseAfter,
                               Duration probeInterval, Duration reapInterval) {

    /** No automatic recycling, closing, probing or reaping: the browser lives until told otherwise. */
    public static final BrowserLifecycle MANUAL = new BrowserLifecycle(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    boolean reaps() {
        return !reapInterval.isZero();
    }

    /** The same rules without the periodic reaping: for the second and later browser workers (one reaper is enough). */
    BrowserLifecycle withoutReaping() {
        return new BrowserLifecycle(recycleAfterRuns, recycleAfter, idleCloseAfter, probeInterval, Duration.ZERO);
    }

    /** Reads {@code cloudvoter.browser}; wrong values go to the reader's problem list. */
    public static BrowserLifecycle read(SectionReader browser, Duration probeInterval) {
        return new BrowserLifecycle(
                browser.integer("recycle-after-runs", 1000, 1, 1_000_000, true),
                browser.duration("recycle-after", Duration.ofHours(6), Duration.ofMinutes(1), true),
                browser.duration("idle-close-after", Duration.ofSeconds(60), Duration.ofSeconds(10), true),
                probeInterval,
                browser.duration("reap-interval", Duration.ofMinutes(5), Duration.ofSeconds(10), true));
    }
}
