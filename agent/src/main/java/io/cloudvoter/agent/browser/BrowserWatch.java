package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.threads.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The worker's own timer: every probe interval it checks from the OS that Chromium and its driver
 * still live (so a dead browser is noticed within one interval, even mid-run) and whether the
 * browser is due to close for idleness or age; every reap interval it looks for Chromium left by a
 * dead agent of this data dir. Its own thread, so it never waits for a run.
 */
final class BrowserWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BrowserWatch.class.getName());

    private final ScheduledExecutorService timer;

    BrowserWatch(BrowserWorker worker, ChromiumReaper reaper, BrowserLifecycle lifecycle) {
        boolean probes = !lifecycle.probeInterval().isZero();
        if (!probes && !lifecycle.reaps()) {
            timer = null;
            return;
        }
        timer = DaemonThreads.timer("cloudvoter-browser-watch");
        if (probes) {
            schedule(lifecycle.probeInterval(), () -> {
                worker.lostBrowser();
                worker.closeIfDue();
                worker.reconnectIfDue();
                worker.checkIdleNode();
            }, "checking the browser");
        }
        if (lifecycle.reaps()) {
            schedule(lifecycle.reapInterval(), reaper::reap, "reaping leftover Chromium");
        }
    }

    private void schedule(Duration every, Runnable task, String what) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(Level.SEVERE, what + " failed; it is tried again in " + every.toSeconds() + "s", t);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
