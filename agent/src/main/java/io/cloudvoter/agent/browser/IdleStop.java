package io.cloudvoter.agent.browser;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives the memory of an idle browser back: when no run has used the pool for {@code after},
 * Chromium and the Playwright driver are stopped (about 250 MB on a small server), and the next run
 * starts them again (about half a second). Useful when runs are minutes apart; with runs every few
 * seconds the browser is never idle long enough to be stopped.
 */
public final class IdleStop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IdleStop.class.getName());

    private final List<BrowserPool> pools;
    private final Duration after;
    private ScheduledFuture<?> task;

    /** Watches each worker on its own: an extra worker stops once runs no longer overlap. */
    public IdleStop(List<BrowserPool> pools, Duration after) {
        this.pools = List.copyOf(pools);
        this.after = after;
    }

    /** Checks a few times per {@code after} (at least every 5 s); does nothing when {@code after} is zero. */
    public void start(ScheduledExecutorService timers) {
        if (after.isZero()) {
            return;
        }
        long period = Math.max(250, Math.min(5_000, after.toMillis() / 4));
        task = timers.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            for (var pool : pools) {
                pool.stopIfIdle(after).join();
            }
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "stopping the idle browser failed; the next check tries again", t);
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
