package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.model.api.BrowserStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Chromium process shared by every run, each run in a fresh {@link BrowserContext} that is
 * always closed (memory only comes back when a context closes).
 * <p>
 * Playwright is not thread-safe, so it lives on one platform thread that this pool owns; every
 * call into it is a task on that thread. A dead browser (crash, kill, recycle) is relaunched by the
 * next task, so only the run it cut fails.
 */
public final class BrowserPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BrowserPool.class.getName());
    private static final Duration RELAUNCH_BACKOFF = Duration.ofSeconds(5);

    private final BrowserSettings settings;
    private final Clock clock;
    private final ExecutorService thread;
    private final BrowserProcesses processes;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong runsSinceLaunch = new AtomicLong();
    // For IdleStop: tasks submitted and not finished, and when the last one finished.
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Instant lastUsed;

    // Owned by the browser thread.
    private Playwright playwright;
    private Browser browser;
    private Instant lastLaunchFailure = Instant.MIN;
    private RuntimeException lastLaunchError;

    private volatile BrowserStatus status;
    private volatile String recycleReason;
    private volatile boolean closed;

    public BrowserPool(BrowserSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.processes = new BrowserProcesses();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, "cloudvoter-browser");
            t.setDaemon(true);
            return t;
        });
        this.status = new BrowserStatus("STOPPED", settings.executable().toString(), null, null, null, 0, 0);
        System.setProperty("playwright.driver.tmpdir", settings.driverTmp().toString());
        this.lastUsed = clock.instant();
    }

    /** Work done on the browser thread; contexts it opens are closed when it returns, whatever happens. */
    @FunctionalInterface
    public interface BrowserTask<T> {
        T run(ContextOpener contexts);
    }

    /** Opens a context in the shared browser (relaunching it first if it died). */
    @FunctionalInterface
    public interface ContextOpener {
        BrowserContext open(Browser.NewContextOptions options);
    }

    /** Runs {@code task} on the browser thread. */
    public <T> CompletableFuture<T> run(BrowserTask<T> task) {
        return submit(() -> {
            var opened = new java.util.ArrayList<BrowserContext>(1);
            try {
                return task.run(options -> {
                    var context = newContext(options);
                    opened.add(context);
                    return context;
                });
            } finally {
                opened.forEach(BrowserPool::closeQuietly);
            }
        });
    }

    /** Opens and closes a context: proves the browser can serve a run right now. */
    public CompletableFuture<Void> probe() {
        return run(contexts -> {
            contexts.open(new Browser.NewContextOptions()).newPage().close();
            return null;
        });
    }

    /** Closes the browser once the task in hand ends; the next run starts a fresh one. */
    public void recycle(String reason) {
        recycleReason = reason;
        submit(() -> null);
    }

    /** Counts one run served by the current browser (for recycling every N runs). */
    public void countRun() {
        runsSinceLaunch.incrementAndGet();
        status = withCounters(status);
    }

    /**
     * Kills the Chromium processes at once, from any thread: the call blocked on the browser thread
     * fails and the next task relaunches. The last resort for a run that overran its timeout.
     */
    public void kill(String reason) {
        LOG.warning(() -> "Killing Chromium: " + reason);
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

    private <T> CompletableFuture<T> submit(Supplier<T> task) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the browser pool is closed"));
        }
        pending.incrementAndGet();
        return CompletableFuture.supplyAsync(task, thread).whenComplete((r, e) -> {
            lastUsed = clock.instant();
            pending.decrementAndGet();
        });
    }

    /** Tasks submitted and not finished (a worker with none is free for the next run). */
    public int pendingTasks() {
        return pending.get();
    }

    /**
     * Stops Chromium and the Playwright driver if no task has been submitted or run for
     * {@code idle}; the next task starts them again. Checked again on the browser thread, so a run
     * submitted meanwhile wins. Completes with whether it stopped anything.
     */
    public CompletableFuture<Boolean> stopIfIdle(Duration idle) {
        if (closed) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> {
            boolean quiet = pending.get() == 0 && !clock.instant().isBefore(lastUsed.plus(idle));
            if (!quiet || playwright == null) {
                return false;
            }
            LOG.info(() -> "Stopping Chromium and the Playwright driver: no run for " + idle.toSeconds()
                    + "s (the next run starts them again)");
            closePlaywright();
            return true;
        }, thread);
    }

    private BrowserContext newContext(Browser.NewContextOptions options) {
        Browser b = ensureBrowser();
        try {
            return b.newContext(options);
        } catch (PlaywrightException e) {
            if (b.isConnected()) {
                throw e;
            }
            LOG.warning("Chromium was gone when a context was needed; relaunching");
            return ensureBrowser().newContext(options);
        }
    }

    private Browser ensureBrowser() {
        String reason = recycleReason;
        if (reason != null && browser != null) {
            recycleReason = null;
            LOG.info(() -> "Recycling the browser: " + reason);
            closeBrowser();
            restarts.incrementAndGet();
        }
        if (browser != null && browser.isConnected()) {
            return browser;
        }
        if (browser != null) {
            LOG.warning("Chromium disconnected; relaunching");
            closeBrowser();
            restarts.incrementAndGet();
        }
        if (lastLaunchError != null && clock.instant().isBefore(lastLaunchFailure.plus(RELAUNCH_BACKOFF))) {
            throw lastLaunchError;
        }
        return launch();
    }

    private Browser launch() {
        status = new BrowserStatus("STARTING", settings.executable().toString(), null, null, null, restarts.get(), 0);
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
                        .setArgs(settings.launchArgs())
                        .setTimeout(30_000));
                runsSinceLaunch.set(0);
                lastLaunchError = null;
                status = new BrowserStatus("UP", settings.executable().toString(), browser.version(), null,
                        clock.instant(), restarts.get(), 0);
                LOG.info(() -> "Chromium " + browser.version() + " started (" + settings.executable() + ")");
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
        LOG.severe(lastLaunchError.getMessage());
        throw lastLaunchError;
    }

    private BrowserStatus withCounters(BrowserStatus s) {
        return new BrowserStatus(s.state(), s.executable(), s.version(), s.detail(), s.launchedAt(),
                restarts.get(), runsSinceLaunch.get());
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
        status = new BrowserStatus("STOPPED", settings.executable().toString(), null, null, null, restarts.get(), 0);
    }

    private void closePlaywright() {
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
        var started = processes.all(); // taken first: a clean close forgets the driver
        var done = CompletableFuture.runAsync(this::closePlaywright, thread);
        try {
            done.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning(() -> "The browser did not close within " + grace.toSeconds() + "s; killing it");
        }
        thread.shutdownNow();
        var left = new java.util.ArrayList<>(started);
        left.addAll(processes.all());
        BrowserProcesses.kill(left, Duration.ofSeconds(5));
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
