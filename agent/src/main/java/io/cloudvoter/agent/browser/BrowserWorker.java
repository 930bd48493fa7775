package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.model.api.BrowserStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One browser worker: one Playwright driver and one {@link Chromium}, with many runs in flight at
 * once, each in contexts of its own that are always closed afterwards.
 * <p>
 * A run calls {@link #call} on its own (virtual) thread and holds the worker's {@link DriverGate}
 * while it is inside Playwright; the gate is let go whenever its call waits for the browser, so a
 * slow page costs the run waiting time, not the worker. The browser starts on demand; to be
 * replaced (every N runs or M hours, when asked, after a crash) it is drained: runs in flight
 * finish, new ones wait, then it is closed and, after a crash, relaunched at once. It is closed
 * when idle. A {@link BrowserWatch} notices deaths and idleness from the OS.
 */
public final class BrowserWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BrowserWorker.class.getName());

    private final BrowserLifecycle lifecycle;
    private final Clock clock;
    private final String label;
    private final int capacity;
    private final DriverGate gate = new DriverGate();
    private final Condition changed = gate.newCondition();
    private final Chromium chromium;
    private final BrowserWatch watch;
    private final Map<Long, Session> sessions = new ConcurrentSkipListMap<>();
    private final AtomicLong sessionIds = new AtomicLong();
    private final AtomicInteger entering = new AtomicInteger();
    private final AtomicInteger assigned = new AtomicInteger();

    // Under the gate.
    private String drainReason;
    private boolean relaunchAfterDrain;
    private boolean maintenance;
    /** A thread is on its way to complete the drain: one at a time, or a second would close what the first just launched. */
    private boolean drainCompleting;
    private final List<CompletableFuture<Void>> drainWaiters = new ArrayList<>();
    /** The runs that ended while Chromium was dead: named once it is relaunched. */
    private final List<String> cutByCrash = new ArrayList<>();

    private volatile Instant lastActivity;
    private volatile Instant lastContextOpened;
    private volatile boolean closed;

    /** A worker without automatic recycling, idle closing, probing or reaping, for one run at a time or more. */
    public BrowserWorker(BrowserSettings settings, Clock clock) {
        this(settings, BrowserLifecycle.MANUAL, clock, 0, false, Integer.MAX_VALUE);
    }

    /**
     * @param number   from 1, names the worker's threads and log lines; 0 for a lone worker
     * @param reaps    whether this worker kills Chromium left by a dead agent of its data dir (one worker does)
     * @param capacity runs in flight this worker takes before {@link BrowserWorkers} looks elsewhere
     */
    public BrowserWorker(BrowserSettings settings, BrowserLifecycle lifecycle, Clock clock, int number, boolean reaps, int capacity) {
        this(settings, null, lifecycle, clock, number, reaps, capacity);
    }

    /** @param endpoint the browser node this worker runs on; null for a Chromium of its own */
    public BrowserWorker(BrowserSettings settings, BrowserEndpoint endpoint, BrowserLifecycle lifecycle, Clock clock, int number,
                         boolean reaps, int capacity) {
        this.lifecycle = reaps ? lifecycle : lifecycle.withoutReaping();
        this.clock = clock;
        this.capacity = capacity;
        this.label = endpoint != null ? "[browser node " + endpoint.display() + "] " : number == 0 ? "" : "[browser worker " + number + "] ";
        this.lastActivity = clock.instant();
        this.chromium = new Chromium(settings, endpoint, clock, gate, label,
                number == 0 ? "cloudvoter-browser" : "cloudvoter-browser-" + number);
        var reaper = new ChromiumReaper(settings.driverTmp());
        if (reaps) {
            reaper.reap();
        }
        this.watch = new BrowserWatch(this, reaper, this.lifecycle);
    }

    /** Work done in the browser with the gate held (except while Playwright waits); its contexts are closed when it returns. */
    @FunctionalInterface
    public interface BrowserTask<T> {
        T run(Session session);
    }

    /**
     * Runs {@code task} on the calling thread with this worker's browser, launching it first when it
     * is not running. Waits while the browser is being replaced.
     *
     * @param what names the run in log lines about a crash or a kill
     */
    public <T> T call(String what, BrowserTask<T> task) {
        return call(what, true, task);
    }

    private <T> T call(String what, boolean activity, BrowserTask<T> task) {
        entering.incrementAndGet();
        gate.enter();
        Session session = null;
        try {
            admit();
            session = new Session(sessionIds.incrementAndGet(), what, activity);
            sessions.put(session.id, session);
            entering.decrementAndGet();
            return task.run(session);
        } finally {
            if (session == null) {
                entering.decrementAndGet();
            } else {
                finish(session);
            }
            gate.leave();
        }
    }

    /** As {@link #call}, on a virtual thread of its own. */
    public <T> CompletableFuture<T> run(String what, BrowserTask<T> task) {
        return run(what, true, task);
    }

    private <T> CompletableFuture<T> run(String what, boolean activity, BrowserTask<T> task) {
        var result = new CompletableFuture<T>();
        Thread.ofVirtual().name("cloudvoter-run").start(() -> {
            try {
                result.complete(call(what, activity, task));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Waits until a run may start here, and makes sure the browser is up. */
    private void admit() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("the browser worker is closed");
            }
            if (maintenance || drainReason != null) {
                awaitChange();
                continue;
            }
            if (chromium.running() && !chromium.interleaves() && !sessions.isEmpty()) {
                awaitChange(); // this Playwright cannot share its driver: one run at a time
                continue;
            }
            if (crashed()) {
                startCrashDrain();
                continue;
            }
            var due = chromium.recycleDue(lifecycle);
            if (due != null) {
                startDrain("Recycling the browser: " + due, false);
                continue;
            }
            if (!chromium.running()) {
                maintenance = true;
                try {
                    chromium.ensure();
                } finally {
                    maintenanceDone();
                }
            }
            return;
        }
    }

    private void awaitChange() {
        try {
            changed.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the browser", e);
        }
    }

    private void finish(Session session) {
        session.closeContexts();
        sessions.remove(session.id);
        if (session.activity && crashed()) {
            cutByCrash.add(session.what);
            startCrashDrain();
        }
        if (session.activity) {
            chromium.countRun();
            lastActivity = clock.instant();
        }
        if (sessions.isEmpty()) {
            changed.signalAll();
            if (drainReason != null) {
                completeDrainSoon();
            }
        } else if (!chromium.interleaves()) {
            changed.signalAll();
        }
    }

    /** Chromium or its driver has exited, though nobody closed it (read from the OS). */
    private boolean crashed() {
        return chromium.running() && !chromium.alive();
    }

    private void startCrashDrain() {
        startDrain(chromium.remote()
                ? "The browser node " + chromium.where() + " was lost (or our driver for it exited); reconnecting once the runs it cut have ended"
                : "Chromium (pid " + chromium.processes().launchedBrowser() + ") or its driver exited unexpectedly; relaunching it"
                  + " once the runs it cut have ended", true);
    }

    /** The browser is to be replaced: no new runs until those in flight are done. Under the gate. */
    private void startDrain(String reason, boolean relaunch) {
        relaunchAfterDrain |= relaunch;
        if (drainReason != null) {
            return;
        }
        drainReason = reason;
        LOG.log(relaunch ? Level.WARNING : Level.INFO, label + reason
                + (sessions.isEmpty() ? "" : "; waiting for the run(s) in flight: " + inFlightNames()));
        if (sessions.isEmpty()) {
            completeDrainSoon();
        }
    }

    /** Under the gate: the browser is in shape again; a drain that came up meanwhile can finish now. */
    private void maintenanceDone() {
        maintenance = false;
        changed.signalAll();
        if (drainReason != null && sessions.isEmpty()) {
            completeDrainSoon();
        }
    }

    /** Under the gate: a thread of its own replaces the browser (the run that ended last must not wait for it). */
    private void completeDrainSoon() {
        if (!drainCompleting) {
            drainCompleting = true;
            Thread.ofVirtual().name("cloudvoter-browser-drain").start(this::completeDrainIfIdle);
        }
    }

    private void completeDrainIfIdle() {
        gate.enter();
        try {
            drainCompleting = false;
            if (drainReason == null || !sessions.isEmpty() || maintenance) {
                return;
            }
            maintenance = true;
            try {
                var reason = drainReason;
                if (chromium.running()) {
                    chromium.recycle(relaunchAfterDrain ? null : reason + "; starts again on the next run");
                }
                if (relaunchAfterDrain && !closed) {
                    try {
                        chromium.ensure();
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "relaunch after " + reason, e); // logged and shown in the status by Chromium
                    }
                }
            } finally {
                if (!cutByCrash.isEmpty()) {
                    LOG.warning(label + "The browser's crash cut " + cutByCrash.size() + " run(s), each recorded ERROR: "
                                + String.join(", ", cutByCrash));
                    cutByCrash.clear();
                }
                maintenance = false;
                drainReason = null;
                relaunchAfterDrain = false;
                drainWaiters.forEach(f -> f.complete(null));
                drainWaiters.clear();
                changed.signalAll();
            }
        } finally {
            gate.leave();
        }
    }

    /**
     * Replaces the browser (and driver) once the runs in flight have ended; new runs wait for it.
     * Completes when the old one is closed.
     */
    public CompletableFuture<Void> recycle(String reason) {
        var done = new CompletableFuture<Void>();
        gate.enter();
        try {
            if (!chromium.running() && drainReason == null) {
                done.complete(null);
            } else {
                drainWaiters.add(done);
                startDrain("Recycling the browser: " + reason, false);
            }
        } finally {
            gate.leave();
        }
        return done;
    }

    /** Opens and closes a context: proves the browser serves now. Not activity: a probe must not keep an idle browser up. */
    public CompletableFuture<Void> probe() {
        return run("health probe", false, session -> {
            session.open(new Browser.NewContextOptions()).newPage().close();
            return null;
        });
    }

    /**
     * Kills the Chromium processes at once, from any thread: every run in flight here fails, and the
     * browser is relaunched. A node's Chromium is not ours to kill: the local driver that carries
     * the connection to it is, which ends the same runs.
     */
    public void kill(String reason) {
        LOG.warning(label + (chromium.remote() ? "Dropping the connection to the node: " : "Killing Chromium: ") + reason
                    + (sessions.isEmpty() ? "" : "; this cuts " + inFlightNames()));
        if (chromium.remote()) {
            chromium.processes().drivers().forEach(ProcessHandle::destroyForcibly);
        } else {
            chromium.processes().killBrowsers();
        }
    }

    /**
     * Whether a run sent here can start now: not while a failed launch waits out its backoff, and
     * never while a browser node is lost: it is reconnected by {@link #reconnectIfDue}, not by a run
     * that would end {@code ERROR} if the node is still down.
     */
    boolean available() {
        if (!"FAILED".equals(chromium.status().state())) {
            return true;
        }
        return !chromium.remote() && !chromium.inBackoff();
    }

    /** A browser node that was lost is tried again once its backoff is over, without waiting for a run. */
    void reconnectIfDue() {
        if (closed || !chromium.remote() || !"FAILED".equals(chromium.status().state()) || chromium.inBackoff()) {
            return;
        }
        run("reconnect to " + chromium.where(), false, session -> null).exceptionally(e -> null); // logged by Chromium
    }

    /**
     * An idle connection to a browser node learns that the node went away only when something reads
     * it: with no run in flight, a context is opened and closed every probe interval, so a node that
     * died while idle is noticed (and reconnected) before a run is sent there.
     */
    void checkIdleNode() {
        if (closed || !chromium.remote() || !"UP".equals(chromium.status().state()) || !idle() || draining()
            || lastActivity.plus(lifecycle.probeInterval()).isAfter(clock.instant())) {
            return;
        }
        probe().whenComplete((ok, error) -> {
            if (error != null && crashedNow()) {
                lostBrowser();
            }
        });
    }

    private boolean crashedNow() {
        return chromium.running() && !chromium.alive();
    }

    /** What a run's browser failure means here: a node that went away says so. */
    String failure(com.microsoft.playwright.PlaywrightException e) {
        if (chromium.remote() && !chromium.alive()) {
            return "browser endpoint lost (" + chromium.where() + "): " + BrowserEndpoint.redacted(firstLine(e.getMessage()));
        }
        return "browser failure: " + firstLine(e.getMessage());
    }

    public boolean remote() {
        return chromium.remote();
    }

    /** The executable, or the node's URL without secrets. */
    public String where() {
        return chromium.where();
    }

    // ---- called by BrowserWatch ----------------------------------------------------------------

    /** Chromium or its driver exited under us: end what was in flight and relaunch now, not at the next run. */
    void lostBrowser() {
        if (closed || !"UP".equals(chromium.status().state()) || chromium.alive()) {
            return;
        }
        gate.enter();
        try {
            if (crashed()) {
                startCrashDrain();
            }
        } finally {
            gate.leave();
        }
    }

    /** Closes a browser that has been idle, or recycles one that has lived, long enough. */
    void closeIfDue() {
        if (closed || !idle() || !"UP".equals(chromium.status().state())) {
            return;
        }
        var idleFor = lifecycle.idleCloseAfter();
        if (!idleFor.isZero() && !lastActivity.plus(idleFor).isAfter(clock.instant())) {
            if (!gate.tryEnter()) {
                return;
            }
            try {
                if (idle() && drainReason == null && !maintenance && chromium.running()) {
                    LOG.info(label + "Closing the browser: nothing ran for " + Durations.format(idleFor));
                    maintenance = true;
                    try {
                        chromium.close("closed after " + Durations.format(idleFor) + " idle; starts again on the next run");
                    } finally {
                        maintenanceDone();
                    }
                }
            } finally {
                gate.leave();
            }
        } else if (chromium.recycleDue(lifecycle) != null) {
            recycle(chromium.recycleDue(lifecycle));
        }
    }

    private boolean idle() {
        return sessions.isEmpty() && entering.get() == 0 && assigned.get() == 0;
    }

    // ---- reading -------------------------------------------------------------------------------

    public BrowserStatus status() {
        return chromium.status();
    }

    /** Runs (and probes) in flight here now. */
    public int inFlight() {
        return sessions.size();
    }

    /** Runs in flight or about to be: what {@link BrowserWorkers} balances on. */
    int load() {
        return Math.max(assigned.get(), sessions.size() + entering.get());
    }

    void assign() {
        assigned.incrementAndGet();
    }

    void unassign() {
        assigned.decrementAndGet();
    }

    public int capacity() {
        return chromium.running() && !chromium.interleaves() ? 1 : capacity;
    }

    /** Whether the browser is being replaced (runs sent here wait until it is). */
    boolean draining() {
        return drainReason != null;
    }

    public long restarts() {
        return chromium.restarts();
    }

    /** When a run last got a context here: proof that the browser serves, even while that run is in flight. */
    public Instant lastContextOpened() {
        return lastContextOpened;
    }

    /** The PIDs of the driver and browser processes this worker started (for resource sampling). */
    public BrowserProcesses processes() {
        return chromium.processes();
    }

    private String inFlightNames() {
        return sessions.values().stream().map(s -> s.what).collect(Collectors.joining(", "));
    }

    /**
     * Closes the browser and the driver, waiting up to {@code grace}; whatever is still alive after
     * that is killed, so no Chromium outlives the agent. Runs still in flight fail.
     */
    public void close(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        watch.close();
        var started = chromium.processes().all(); // taken first: a clean close forgets the driver
        var done = new CompletableFuture<Void>();
        Thread.ofVirtual().name("cloudvoter-browser-close").start(() -> {
            gate.enter();
            try {
                maintenance = true;
                changed.signalAll();
                chromium.close("the agent stopped");
            } finally {
                gate.leave();
                done.complete(null);
            }
        });
        try {
            done.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning(() -> label + "The browser did not close within " + grace.toSeconds() + "s; killing it");
        }
        var left = new ArrayList<>(started);
        left.addAll(chromium.processes().all());
        BrowserProcesses.kill(left, Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * What a Playwright error says, in one line of at most 300 characters: its {@code message='…'}
     * when it has one (a driver error prints as {@code Error { message='…' … }}), else the first
     * line; the call log and stack that follow are left out.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        var m = PLAYWRIGHT_MESSAGE.matcher(message);
        var line = m.find() ? m.group(1).strip() : message.strip().lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static final java.util.regex.Pattern PLAYWRIGHT_MESSAGE = java.util.regex.Pattern.compile("message='([^\n']*)");

    /** Unwraps the exception a worker future completes with. */
    public static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /**
     * One run's use of this worker: the contexts it opened (closed when it ends), and a way to cut
     * them from another thread (a run past its timeout, an operator's restart) without touching
     * the other runs of the worker.
     */
    public final class Session {
        private final long id;
        private final String what;
        private final boolean activity;
        private final List<BrowserContext> contexts = new ArrayList<>(1); // under the gate
        private volatile boolean cut;

        private Session(long id, String what, boolean activity) {
            this.id = id;
            this.what = what;
            this.activity = activity;
        }

        /** A fresh context in this worker's browser. */
        public BrowserContext open(Browser.NewContextOptions options) {
            if (cut) {
                throw new PlaywrightException("the run was cut before it opened a context");
            }
            var context = chromium.ensure().newContext(options);
            contexts.add(context);
            if (activity) {
                lastContextOpened = clock.instant();
            }
            return context;
        }

        /** Closes this run's contexts now, from any thread: the call it is in fails at once. */
        public void cut(String reason) {
            cut = true;
            LOG.warning(label + "Cutting " + what + ": " + reason);
            Thread.ofVirtual().name("cloudvoter-run-cut").start(() -> {
                gate.enter();
                try {
                    closeContexts();
                } finally {
                    gate.leave();
                }
            });
        }

        private void closeContexts() {
            var open = new ArrayList<>(contexts);
            contexts.clear();
            for (var context : open) {
                try {
                    context.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "closing a context of a dead browser", e);
                }
            }
        }

        /** The worker's name in log lines ("" for a lone worker). */
        public String worker() {
            return label;
        }

        /** What a browser failure in this run means: a crash, or a node that went away. */
        public String failure(PlaywrightException e) {
            return BrowserWorker.this.failure(e);
        }
    }
}
