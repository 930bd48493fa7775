package io.cloudvoter.agent.health;

import io.cloudvoter.agent.browser.BrowserWorker;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.HealthResponse.HealthCheck;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.RunFinished;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether the browser can serve a run right now, cached so that a health request never waits for
 * Chromium. A run that got a context or reached its page proves it; when no run did within the interval, the check
 * opens and closes a context itself ({@link BrowserWorker#probe()}). A probe that waits behind runs on
 * the browser thread keeps the last answer: the run watchdog deals with a hung browser. A browser
 * closed for idleness is not relaunched to be probed: it rests on its last proof until a run needs it.
 */
public final class BrowserCheck implements EventBus.Subscriber, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BrowserCheck.class.getName());
    /** Outcomes that need a context opened and a page loaded: the browser worked. */
    private static final Set<Outcome> PROOF = EnumSet.of(Outcome.SUCCESS, Outcome.FAILED, Outcome.RATE_LIMITED);

    private final Supplier<CompletableFuture<Void>> probe;
    private final Supplier<BrowserStatus> status;
    private final IntSupplier runsInFlight;
    private final Supplier<Instant> contextOpened;
    private final Clock clock;
    private final HealthSettings settings;
    private final ScheduledExecutorService thread;
    private ScheduledFuture<?> cycle;
    private CompletableFuture<Void> pending;

    private record Verdict(boolean up, Instant at, String detail) {
    }

    private volatile Verdict last;

    public BrowserCheck(Supplier<CompletableFuture<Void>> probe, Supplier<BrowserStatus> status, IntSupplier runsInFlight,
                        Clock clock, HealthSettings settings) {
        this(probe, status, runsInFlight, () -> null, clock, settings);
    }

    /**
     * @param contextOpened when a run last got a context from the browser (null: never): a proof like
     *                      a finished run's, and the only one while a single long run holds the browser
     */
    public BrowserCheck(Supplier<CompletableFuture<Void>> probe, Supplier<BrowserStatus> status, IntSupplier runsInFlight,
                        Supplier<Instant> contextOpened, Clock clock, HealthSettings settings) {
        this.contextOpened = contextOpened;
        this.probe = probe;
        this.status = status;
        this.runsInFlight = runsInFlight;
        this.clock = clock;
        this.settings = settings;
        this.thread = DaemonThreads.timer("cloudvoter-health");
    }

    public static BrowserCheck of(BrowserWorker worker, IntSupplier runsInFlight, Clock clock, HealthSettings settings) {
        return new BrowserCheck(worker::probe, worker::status, runsInFlight, worker::lastContextOpened, clock, settings);
    }

    /**
     * Over several workers: the status is STOPPED only when every worker's browser is closed, and a
     * probe proves the running workers without starting the ones closed for idleness.
     */
    public static BrowserCheck of(BrowserWorkers workers, IntSupplier runsInFlight, Clock clock, HealthSettings settings) {
        return new BrowserCheck(workers::probe, workers::status, runsInFlight, workers::lastContextOpened, clock, settings);
    }

    /** Probes at once, then whenever the last proof is older than the interval. */
    public BrowserCheck start() {
        long every = Math.max(1000, settings.browserProbeInterval().toMillis() / 4);
        cycle = thread.scheduleWithFixedDelay(this::safeCycle, 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public boolean offer(AgentEvent event) {
        if (event instanceof RunFinished f && PROOF.contains(f.run().outcome())) {
            last = new Verdict(true, clock.instant(), null);
        }
        return true;
    }

    private void safeCycle() {
        try {
            cycle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() cancelled a probe that was waiting: the agent is stopping
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "the browser health probe failed unexpectedly; the next cycle tries again", t);
        }
    }

    /** The last verdict, or a run's context opened since: read by the cycle and by every health request. */
    private Verdict current() {
        var v = last;
        var opened = contextOpened.get();
        if (opened != null && (v == null || opened.isAfter(v.at()))) {
            v = new Verdict(true, opened, null);
            last = v;
        }
        return v;
    }

    void cycle() throws InterruptedException {
        var v = current();
        if (v != null && v.up() && v.at().plus(settings.browserProbeInterval()).isAfter(clock.instant())) {
            return;
        }
        if (v != null && v.up() && "STOPPED".equals(status.get().state())) {
            // Closed for idleness (or recycled): it proved itself before closing, and relaunching it
            // just to probe would keep ~400 MB resident on an idle agent. The next run re-proves it;
            // a launch that fails turns the state to FAILED, which result() reports at once.
            return;
        }
        if (pending == null || pending.isDone()) {
            pending = probe.get();
        }
        try {
            pending.get(settings.browserProbeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            pending = null;
            if (v == null || !v.up()) {
                LOG.info("Browser probe: a context opens; the agent is ready");
            }
            last = new Verdict(true, clock.instant(), null);
        } catch (ExecutionException e) {
            pending = null;
            String why = LaunchFailure.describe(e.getCause());
            if (v == null || v.up()) {
                LOG.warning("Browser probe failed: " + why);
            }
            last = new Verdict(false, clock.instant(), why);
        } catch (TimeoutException e) {
            if (runsInFlight.getAsInt() == 0) {
                last = new Verdict(false, clock.instant(), "the browser did not open a context within "
                        + settings.browserProbeTimeout().toSeconds() + "s");
                LOG.warning("Browser probe: " + last.detail());
            }
            // else: queued behind runs on the browser thread; keep the last answer and the probe
        }
    }

    /** The readiness check: down while the first probe runs, when the last one failed, or when a launch just failed. */
    public HealthCheck result() {
        var v = current();
        if (v != null && !v.up()) {
            return new HealthCheck("browser", false, v.detail());
        }
        var s = status.get();
        if ("FAILED".equals(s.state())) {
            var where = s.executable() == null ? "" : s.executable();
            return new HealthCheck("browser", false, (where.startsWith("ws") ? "cannot reach the browser node " + where + ": "
                    : "cannot start Chromium (" + where + "): ") + (s.detail() == null ? "unknown error" : s.detail()));
        }
        if (v == null) {
            return new HealthCheck("browser", false, "first browser probe still in progress");
        }
        return v.up() ? new HealthCheck("browser", true, null) : new HealthCheck("browser", false, v.detail());
    }

    @Override
    public void close() {
        if (cycle != null) {
            cycle.cancel(true);
        }
        thread.shutdownNow();
    }
}
