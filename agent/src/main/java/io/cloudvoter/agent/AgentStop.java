package io.cloudvoter.agent;

import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.guard.ResourceSampler;
import io.cloudvoter.agent.health.BrowserCheck;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.logging.LogStream;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.agent.schedule.SchedulerLoop;
import io.cloudvoter.agent.stream.StreamEndpoint;
import io.cloudvoter.agent.systemd.SystemdNotify;

import io.helidon.webserver.WebServer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * The agent's stop, in order: no new runs; in-flight runs get the grace to finish; the rest are
 * aborted (their contexts closed, so they end at once, {@code INTERRUPTED}); if any still hangs,
 * the browser is killed under it; browsers and drivers are closed (killed if they hang); then the
 * stream, the web server, the log stream, the timers, the store and the data-dir lock.
 */
final class AgentStop {
    private static final Logger LOG = Logger.getLogger(AgentStop.class.getName());

    record Parts(Clock clock, Path dataDir, Optional<SystemdNotify> systemd, ResourceSampler sampler, SchedulerLoop loop,
                 Scheduler scheduler, BrowserWorkers browser, BrowserCheck browserCheck, RunStore runs, StreamEndpoint stream,
                 WebServer server, LogStream logStream, ScheduledExecutorService timers, Database database, DataDirLock lock) {
    }

    private final Parts p;

    AgentStop(Parts parts) {
        this.p = parts;
    }

    void run(Duration grace) {
        Instant start = p.clock().instant();
        var scheduler = p.scheduler();
        LOG.info("Stopping: no new runs; waiting up to " + grace.toSeconds() + "s for " + scheduler.runningNow() + " run(s) in flight");
        p.systemd().ifPresent(SystemdNotify::stopping);
        p.sampler().close();
        p.loop().close();
        waitForRuns(grace);
        if (scheduler.runningNow() > 0) {
            scheduler.abortAll("the agent is stopping");
            waitForRuns(Duration.ofSeconds(2));
        }
        if (scheduler.runningNow() > 0) {
            // A run whose context would not even close: cut the browser under it.
            p.browser().kill("the agent is stopping and " + scheduler.runningNow() + " run(s) did not end");
            waitForRuns(Duration.ofSeconds(3));
        }
        p.browserCheck().close();
        p.browser().close(Duration.ofSeconds(5));
        int cut = p.runs().interruptLeftovers("the agent stopped while this run was in flight");
        p.stream().close();
        AgentAddress.delete(p.dataDir());
        p.server().stop();
        p.logStream().close();
        p.timers().shutdownNow();
        p.database().close();
        p.lock().close();
        LOG.info("Stopped in " + Duration.between(start, p.clock().instant()).toMillis() + " ms"
                 + (cut > 0 ? "; " + cut + " run(s) marked INTERRUPTED" : ""));
    }

    private void waitForRuns(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (p.scheduler().runningNow() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
