package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.model.api.BrowserStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Chromium process shared by every run, each run in a fresh {@link BrowserContext} that is
 * always closed (memory only comes back when a context closes).
 * <p>
 * Playwright is not thread-safe, so it lives on one platform thread that this pool owns; every
 * call into it is a task on that thread. The browser starts on demand, is recycled (with its
 * driver) every N runs or M hours and whenever asked, is closed when idle, and is relaunched when
 * it dies; a {@link BrowserWatch} notices deaths and idleness from the OS, even while a run holds
 * the thread. Only the run a crash cuts fails.
 */
public final class BrowserPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BrowserPool.class.getName());
    private static final Duration RELAUNCH_BACKOFF = Duration.ofSeconds(5);

    private final BrowserSettings settings;
    private final BrowserLifecycle lifecycle;
    private final Clock clock;
    private final ExecutorService thread;
    private final BrowserProcesses processes;
    private final String marker;
    private final String label;
    private final BrowserWatch watch;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong runsSinceLaunch = new AtomicLong();
    private volatile Instant lastContextOpened;
    private final AtomicInteger pending = new AtomicInteger();

    // Owned by the browser thread.
    private Playwright playwright;
    private Browser browser;
    private Instant lastLaunchFailure = Instant.MIN;
    private RuntimeException lastLaunchError;

    private volatile BrowserStatus status;
    private volatile Instant lastActivity;
    private volatile boolean lost;
    private volatile boolean closing;
    private volatile boolean closed;

    /** A pool without automatic recycling, idle closing, probing or reaping. */
    public BrowserPool(BrowserSettings settings, Clock clock) {
        this(settings, BrowserLifecycle.MANUAL, clock);
    }

    /** Reaps what a dead agent of the same data dir left, then watches the browser as {@code lifecycle} says. */
    public BrowserPool(BrowserSettings settings, BrowserLifecycle lifecycle, Clock clock) {
        this(settings, lifecycle, clock, 0, lifecycle != BrowserLifecycle.MANUAL);
    }

    /**
     * One of several browser workers ({@link BrowserWorkers}): {@code worker} (from 1) names its thread
     * and its log lines; only one worker reaps, so {@code reapAtStart} is false for the others.
     */
    BrowserPool(BrowserSettings settings, BrowserLifecycle lifecycle, Clock clock, int worker, boolean reapAtStart) {
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.processes = new BrowserProcesses();
        this.marker = ChromiumReaper.marker(settings.driverTmp());
        this.label = worker == 0 ? "" : "[browser worker " + worker + "] ";
        this.lastActivity = clock.instant();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, worker == 0 ? "cloudvoter-browser" : "cloudvoter-browser-" + worker);
            t.setDaemon(true);
            return t;
        });
        this.status = new BrowserStatus("STOPPED", settings.executable().toString(), null, null, null, 0, 0);
        var reaper = new ChromiumReaper(settings.driverTmp());
        if (reapAtStart) {
            reaper.reap();
        }
        this.watch = new BrowserWatch(this, reaper, lifecycle);
    }

    /** Work done on the browser thread; contexts it opens are closed when it returns, whatever happens. */
    @FunctionalInterface
    public interface BrowserTask<T> {
        T run(ContextOpener contexts);
    }

    /** Opens a context in the shared browser (launching it first if it is not running). */
    @FunctionalInterface
    public interface ContextOpener {
        BrowserContext open(Browser.NewContextOptions options);
    }

    /** Runs {@code task} on the browser thread. */
    public <T> CompletableFuture<T> run(BrowserTask<T> task) {
        return run(task, true);
    }

    private <T> CompletableFuture<T> run(BrowserTask<T> task, boolean activity) {
        return submit(activity, () -> {
            var opened = new ArrayList<BrowserContext>(1);
            try {
                return task.run(options -> {
                    var context = newContext(options);
                    opened.add(context);
                    if (activity) {
                        lastContextOpened = clock.instant();
                    }
                    return context;
                });
            } finally {
                opened.forEach(BrowserPool::closeQuietly);
            }
        });
    }

    /**
     * Opens and closes a context: proves the browser can serve a run right now. Not activity: a
     * health probe must not keep an idle browser from being closed.
     */
    public CompletableFuture<Void> probe() {
        return run(contexts -> {
            contexts.open(new Browser.NewContextOptions()).newPage().close();
            return null;
        }, false);
    }

    /**
     * When a run last got a context from this browser: the proof a health check needs that the
     * browser serves, even while that run is still in flight (its probe would wait behind it).
     */
    public Instant lastContextOpened() {
        return lastContextOpened;
    }

    /** Tasks queued or running on the browser thread; a worker with none is free for the next run. */
    public int pendingTasks() {
        return pending.get();
    }

    /**
     * Closes the browser and its driver once the tasks already queued (the runs in hand) end; the
     * next run starts fresh ones. Completes when they are closed.
     */
    public CompletableFuture<Void> recycle(String reason) {
        return submit(() -> {
            if (playwright != null) {
                LOG.info(() -> label + "Recycling the browser: " + reason);
                restarts.incrementAndGet();
                closePlaywright("recycled (" + reason + "); starts again on the next run");
            }
            return null;
        });
    }

    /** Counts one run served by the current browser (for recycling every N runs). */
    public void countRun() {
        runsSinceLaunch.incrementAndGet();
        status = withCounters(status);
    }

    /**
     * Kills the Chromium processes at once, from any thread: the call blocked on the browser thread
     * fails and the browser is relaunched. The last resort for a run that overran its timeout.
     */
    public void kill(String reason) {
        LOG.warning(() -> label + "Killing Chromium: " + reason);
        processes.killBrowsers();
    }

    public BrowserStatus status() {
        return status;
    }

    public long restarts() {
        return restarts.get();
    }

    /** The PIDs of the driver and browser processes this JVM started (for resource sampling). */
    public BrowserProcesses processes() {
        return processes;
    }

    // ---- called by BrowserWatch --------------------------------------------------------------

    /** Chromium or its driver exited under us: relaunch now, not when the next run finds out. */
    void lostBrowser() {
        if (lost || closed || closing || !"UP".equals(status.state()) || processes.alive()) {
            return;
        }
        lost = true;
        LOG.warning(label + "Chromium (pid " + processes.launchedBrowser() + ") or its driver exited unexpectedly; relaunching");
        submit(() -> {
            if (browser == null) {
                lost = false; // closed on purpose in the meantime (idle, recycle): nothing to relaunch
                return null;
            }
            ensureBrowser();
            return null;
        }).exceptionally(e -> null); // a failed launch is already logged and shown in the status
    }

    /** Closes a browser that has been idle, or has lived, long enough. */
    void closeIfDue() {
        Instant now = clock.instant();
        if (closed || pending.get() > 0 || !"UP".equals(status.state())) {
            return;
        }
        var launched = status.launchedAt();
        if (!lifecycle.idleCloseAfter().isZero() && !lastActivity.plus(lifecycle.idleCloseAfter()).isAfter(now)) {
            submitIdle(() -> {
                LOG.info(() -> label + "Closing the browser: nothing ran for " + Durations.format(lifecycle.idleCloseAfter()));
                closePlaywright("closed after " + Durations.format(lifecycle.idleCloseAfter()) + " idle; starts again on the next run");
            });
        } else if (!lifecycle.recycleAfter().isZero() && launched != null && !launched.plus(lifecycle.recycleAfter()).isAfter(now)) {
            recycle("it has been up for " + Durations.format(lifecycle.recycleAfter()));
        }
    }

    // ---- the browser thread --------------------------------------------------------------------

    private <T> CompletableFuture<T> submit(Supplier<T> task) {
        return submit(true, task);
    }

    private <T> CompletableFuture<T> submit(boolean activity, Supplier<T> task) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the browser pool is closed"));
        }
        pending.incrementAndGet();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return task.get();
                } finally {
                    if (activity) {
                        lastActivity = clock.instant();
                    }
                    pending.decrementAndGet();
                }
            }, thread);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
    }

    /** Maintenance that must not count as activity (or it would keep an idle browser from ever closing). */
    private void submitIdle(Runnable task) {
        if (closed) {
            return;
        }
        thread.execute(() -> {
            if (pending.get() == 0 && playwright != null) {
                task.run();
            }
        });
    }

    private BrowserContext newContext(Browser.NewContextOptions options) {
        Browser b = ensureBrowser();
        try {
            return b.newContext(options);
        } catch (PlaywrightException e) {
            if (b.isConnected() && processes.alive()) {
                throw e;
            }
            LOG.warning(label + "Chromium was gone when a context was needed; relaunching");
            lost = true;
            return ensureBrowser().newContext(options);
        }
    }

    private Browser ensureBrowser() {
        if (browser != null && (lost || !browser.isConnected())) {
            LOG.warning(label + "Chromium disconnected; relaunching");
            closePlaywright(); // the driver may be what died; a fresh one costs little
            restarts.incrementAndGet();
        }
        lost = false;
        var due = recycleDue();
        if (due != null && browser != null) {
            LOG.info(() -> label + "Recycling the browser: " + due);
            closePlaywright();
            restarts.incrementAndGet();
        }
        if (browser != null) {
            return browser;
        }
        if (lastLaunchError != null && clock.instant().isBefore(lastLaunchFailure.plus(RELAUNCH_BACKOFF))) {
            throw lastLaunchError;
        }
        return launch();
    }

    private String recycleDue() {
        if (lifecycle.recycleAfterRuns() > 0 && runsSinceLaunch.get() >= lifecycle.recycleAfterRuns()) {
            return "it served " + runsSinceLaunch.get() + " runs";
        }
        var launched = status.launchedAt();
        if (!lifecycle.recycleAfter().isZero() && launched != null && !launched.plus(lifecycle.recycleAfter()).isAfter(clock.instant())) {
            return "it has been up for " + Durations.format(lifecycle.recycleAfter());
        }
        return null;
    }

    private Browser launch() {
        status = new BrowserStatus("STARTING", settings.executable().toString(), null, null, null, restarts.get(), 0);
        var args = new ArrayList<>(settings.launchArgs());
        args.add(marker); // lets a later agent of this data dir find and reap this Chromium if we die
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                if (playwright == null) {
                    playwright = processes.recordDriver(() -> Playwright.create(new Playwright.CreateOptions()
                            .setEnv(settings.driverEnv())));
                }
                browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(settings.executable())
                        .setHeadless(true)
                        .setArgs(args)
                        .setTimeout(30_000));
                processes.recordBrowser(marker);
                runsSinceLaunch.set(0);
                lastLaunchError = null;
                status = new BrowserStatus("UP", settings.executable().toString(), browser.version(), null,
                        clock.instant(), restarts.get(), 0);
                LOG.info(() -> label + "Chromium " + browser.version() + " started (" + settings.executable() + ", pid "
                        + processes.launchedBrowser() + ")");
                return browser;
            } catch (RuntimeException e) {
                failure = e;
                closePlaywright(); // the driver itself may be what died
            }
        }
        String why = firstLine(failure.getMessage());
        lastLaunchFailure = clock.instant();
        lastLaunchError = new BrowserUnavailableException(
                "cannot start Chromium (" + settings.executable() + "): " + why, failure);
        status = new BrowserStatus("FAILED", settings.executable().toString(), null, why, null, restarts.get(), 0);
        LOG.severe(label + lastLaunchError.getMessage());
        throw lastLaunchError;
    }

    private BrowserStatus withCounters(BrowserStatus s) {
        return new BrowserStatus(s.state(), s.executable(), s.version(), s.detail(), s.launchedAt(),
                restarts.get(), runsSinceLaunch.get());
    }

    private BrowserStatus stopped(String detail) {
        return new BrowserStatus("STOPPED", settings.executable().toString(), null, detail, null, restarts.get(), 0);
    }

    private void closeBrowser() {
        if (browser != null) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a dead browser", e);
            }
            browser = null;
        }
        processes.forgetBrowser();
    }

    private void closePlaywright() {
        closePlaywright(null);
    }

    private void closePlaywright(String detail) {
        closing = true;
        try {
            closeAll(detail);
        } finally {
            closing = false;
        }
    }

    private void closeAll(String detail) {
        var started = processes.all();
        closeBrowser();
        if (playwright != null) {
            try {
                playwright.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing Playwright", e);
            }
            playwright = null;
            processes.forgetDriver();
        }
        BrowserProcesses.kill(started, Duration.ofSeconds(3)); // whatever a dead driver left behind
        status = stopped(detail);
    }

    private static void closeQuietly(BrowserContext context) {
        try {
            context.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing a context of a dead browser", e);
        }
    }

    /** The first line of an exception message, at most 300 characters: Playwright's messages carry whole call logs. */
    public static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        var line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /**
     * Closes the browser and the Playwright driver, waiting up to {@code grace} for the task in
     * hand; whatever is still alive after that is killed, so no Chromium outlives the agent.
     */
    public void close(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        watch.close();
        var started = processes.all(); // taken first: a clean close forgets the driver
        var done = CompletableFuture.runAsync(this::closePlaywright, thread);
        try {
            done.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning(() -> label + "The browser did not close within " + grace.toSeconds() + "s; killing it");
        }
        thread.shutdownNow();
        var left = new ArrayList<>(started);
        left.addAll(processes.all());
        BrowserProcesses.kill(left, Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** Unwraps the exception a pool future completes with. */
    public static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
