package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import io.cloudvoter.model.api.BrowserStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One worker's Playwright driver and Chromium: launched on demand, closed on purpose, relaunched
 * after a crash (with a short backoff after a failed launch). For a worker on a browser node the
 * Chromium is the node's: it is reached with {@code BrowserType.connect} (the connection still runs
 * through a local driver), and a lost node is retried with a growing, jittered backoff. Every method
 * except the readers of the volatile status is called with the worker's {@link DriverGate} held.
 */
final class Chromium {
    private static final Logger LOG = Logger.getLogger(Chromium.class.getName());
    private static final Duration RELAUNCH_BACKOFF = Duration.ofSeconds(5);
    private static final Duration RECONNECT_FIRST = Duration.ofSeconds(1);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(60);
    private static final java.util.regex.Pattern SERVER_VERSION = java.util.regex.Pattern.compile("server version: v?([\\d.]+)");
    private static final java.util.regex.Pattern CLIENT_VERSION = java.util.regex.Pattern.compile("client version: v?([\\d.]+)");

    private final BrowserSettings settings;
    private final BrowserEndpoint endpoint;
    private final Clock clock;
    private final DriverGate gate;
    private final String label;
    private final String threadName;
    private final String marker;
    private final BrowserProcesses processes = new BrowserProcesses();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong runsSinceLaunch = new AtomicLong();

    private Playwright playwright;
    private volatile Browser browser;
    private volatile boolean interleaves;
    private Instant retryAt = Instant.MIN;
    private int failuresInARow;
    private RuntimeException lastLaunchError;
    private volatile BrowserStatus status;

    /** @param endpoint the browser node this worker connects to; null for a Chromium launched here */
    Chromium(BrowserSettings settings, BrowserEndpoint endpoint, Clock clock, DriverGate gate, String label, String threadName) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.clock = clock;
        this.gate = gate;
        this.label = label;
        this.threadName = threadName;
        this.marker = ChromiumReaper.marker(settings.driverTmp());
        this.status = stopped(null);
    }

    /** The running browser, launched first when there is none (or the one there is has died). */
    Browser ensure() {
        if (browser != null && !browser.isConnected()) {
            LOG.warning(label + "Chromium disconnected; relaunching");
            close(null); // the driver may be what died; a fresh one costs little
            restarts.incrementAndGet();
        }
        if (browser != null) {
            return browser;
        }
        if (lastLaunchError != null && inBackoff()) {
            throw lastLaunchError;
        }
        return launch();
    }

    /** Whether a failed launch (or connection) is too recent to try again. */
    boolean inBackoff() {
        return lastLaunchError != null && clock.instant().isBefore(retryAt);
    }

    boolean remote() {
        return endpoint != null;
    }

    /** The executable, or the node's URL without secrets. */
    String where() {
        return endpoint == null ? settings.executable().toString() : endpoint.display();
    }

    /** Chromium and its driver are alive (read from the OS), and a node's connection is still up. */
    boolean alive() {
        var b = browser;
        return processes.alive() && (endpoint == null || (b != null && b.isConnected()));
    }

    boolean running() {
        return browser != null;
    }

    /** Whether runs may share this driver (see {@link GatedTransport}); known once the driver has started. */
    boolean interleaves() {
        return interleaves;
    }

    private Browser launch() {
        status = new BrowserStatus("STARTING", where(), null, null, null, restarts.get(), 0);
        var args = new ArrayList<>(settings.launchArgs());
        args.add(marker); // lets a later agent of this data dir find and reap this Chromium if we die
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= (endpoint == null ? 2 : 1); attempt++) {
            try {
                if (playwright == null) {
                    playwright = processes.recordDriver(() -> Playwright.create(new Playwright.CreateOptions()
                            .setEnv(settings.driverEnv())));
                    interleaves = GatedTransport.install(playwright, gate, threadName + "-reader");
                }
                browser = endpoint == null ? launchHere(args) : playwright.chromium().connect(endpoint.url().toString(),
                        new BrowserType.ConnectOptions().setHeaders(endpoint.headers()).setTimeout(30_000));
                runsSinceLaunch.set(0);
                lastLaunchError = null;
                failuresInARow = 0;
                status = new BrowserStatus("UP", where(), browser.version(), null, clock.instant(), restarts.get(), 0);
                LOG.info(label + "Chromium " + browser.version() + (endpoint == null
                        ? " started (" + settings.executable() + ", pid " + processes.launchedBrowser() + ")"
                        : " reached on the browser node " + endpoint.display()));
                return browser;
            } catch (RuntimeException e) {
                failure = moreTelling(failure, e);
                if (processes.drivers().isEmpty()) {
                    close(null); // the driver itself died: the next attempt starts a new one
                } else {
                    closeBrowser(); // a live driver stays: a new one costs ~0.4 s of CPU at every retry
                }
            }
        }
        // Playwright sometimes loses the race with a browser that exits at once and reports only
        // "Target page, context or browser has been closed": keep the browser's own words from before.
        if (lastLaunchError != null && lastLaunchError.getCause() instanceof RuntimeException before) {
            failure = moreTelling(before, failure);
        }
        String why = endpoint == null ? BrowserWorker.firstLine(failure.getMessage()) : nodeFailure(failure.getMessage());
        failuresInARow++;
        retryAt = clock.instant().plus(backoff());
        lastLaunchError = new BrowserUnavailableException((endpoint == null
                ? "cannot start Chromium (" + settings.executable() + "): "
                : "cannot reach the browser node " + endpoint.display() + ": ") + why, failure);
        status = new BrowserStatus("FAILED", where(), null, why, null, restarts.get(), 0);
        LOG.severe(label + lastLaunchError.getMessage() + (endpoint == null ? "" : "; trying again in "
                   + io.cloudvoter.agent.config.Durations.format(Duration.between(clock.instant(), retryAt))));
        throw lastLaunchError;
    }

    /** {@code later}, unless only {@code earlier} carries what the browser printed or its exit code. */
    private static RuntimeException moreTelling(RuntimeException earlier, RuntimeException later) {
        return earlier != null && LaunchLog.tellsWhy(earlier.getMessage()) && !LaunchLog.tellsWhy(later.getMessage()) ? earlier : later;
    }

    private Browser launchHere(java.util.List<String> args) {
        var launched = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(settings.executable())
                .setHeadless(true)
                .setArgs(args)
                .setTimeout(30_000));
        processes.recordBrowser(marker);
        return launched;
    }

    /** Local: a fixed 5 s. A node: 1 s, doubling to at most a minute, with a fifth of jitter so agents do not retry in step. */
    private Duration backoff() {
        if (endpoint == null) {
            return RELAUNCH_BACKOFF;
        }
        long base = Math.min(RECONNECT_MAX.toMillis(), RECONNECT_FIRST.toMillis() << Math.min(16, failuresInARow - 1));
        double jitter = 0.8 + 0.4 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(base * jitter));
    }

    /** Why a node could not be reached, in its words; a version mismatch says which Playwright each side runs. */
    static String nodeFailure(String message) {
        var text = String.valueOf(message);
        var server = SERVER_VERSION.matcher(text);
        var client = CLIENT_VERSION.matcher(text);
        if (text.contains("428") && server.find() && client.find()) {
            return "Playwright version mismatch: the node runs " + server.group(1) + ", this agent " + client.group(1)
                   + " (major.minor must match; run the node from this agent's build)";
        }
        return BrowserEndpoint.redacted(BrowserWorker.firstLine(text));
    }

    /** After a failed launch or connect: what the browser left under the live driver goes, the driver stays. */
    private void closeBrowser() {
        var left = processes.browsers();
        browser = null;
        processes.forgetBrowser();
        BrowserProcesses.kill(left, Duration.ofSeconds(3));
    }

    /** Closes the browser and its driver; whatever a dead driver left behind is killed. */
    void close(String detail) {
        var started = processes.all();
        if (browser != null) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a dead browser", e);
            }
            browser = null;
        }
        processes.forgetBrowser();
        if (playwright != null) {
            try {
                playwright.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing Playwright", e);
            }
            playwright = null;
            processes.forgetDriver();
        }
        BrowserProcesses.kill(started, Duration.ofSeconds(3));
        status = stopped(detail);
    }

    /** Recycled on purpose: counted as a restart. */
    void recycle(String detail) {
        close(detail);
        restarts.incrementAndGet(); // after the close: a reader that sees the new count never sees the old browser as UP
        status = stopped(detail);
    }

    /** Why the browser should be replaced now (it served enough runs, or lived long enough); null if not. */
    String recycleDue(BrowserLifecycle lifecycle) {
        if (browser == null) {
            return null;
        }
        if (lifecycle.recycleAfterRuns() > 0 && runsSinceLaunch.get() >= lifecycle.recycleAfterRuns()) {
            return "it served " + runsSinceLaunch.get() + " runs";
        }
        var launched = status.launchedAt();
        if (!lifecycle.recycleAfter().isZero() && launched != null && !launched.plus(lifecycle.recycleAfter()).isAfter(clock.instant())) {
            return "it has been up for " + io.cloudvoter.agent.config.Durations.format(lifecycle.recycleAfter());
        }
        return null;
    }

    void countRun() {
        runsSinceLaunch.incrementAndGet();
        var s = status;
        status = new BrowserStatus(s.state(), s.executable(), s.version(), s.detail(), s.launchedAt(), restarts.get(), runsSinceLaunch.get());
    }

    BrowserStatus status() {
        return status;
    }

    long restarts() {
        return restarts.get();
    }

    BrowserProcesses processes() {
        return processes;
    }

    private BrowserStatus stopped(String detail) {
        return new BrowserStatus("STOPPED", where(), null, detail, null, restarts.get(), 0);
    }
}
