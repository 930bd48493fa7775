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
 * after a crash (with a short backoff after a failed launch). Every method except the readers of
 * the volatile status is called with the worker's {@link DriverGate} held.
 */
final class Chromium {
    private static final Logger LOG = Logger.getLogger(Chromium.class.getName());
    private static final Duration RELAUNCH_BACKOFF = Duration.ofSeconds(5);

    private final BrowserSettings settings;
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
    private Instant lastLaunchFailure = Instant.MIN;
    private RuntimeException lastLaunchError;
    private volatile BrowserStatus status;

    Chromium(BrowserSettings settings, Clock clock, DriverGate gate, String label, String threadName) {
        this.settings = settings;
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
        if (lastLaunchError != null && clock.instant().isBefore(lastLaunchFailure.plus(RELAUNCH_BACKOFF))) {
            throw lastLaunchError;
        }
        return launch();
    }

    boolean running() {
        return browser != null;
    }

    /** Whether runs may share this driver (see {@link GatedTransport}); known once the driver has started. */
    boolean interleaves() {
        return interleaves;
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
                    interleaves = GatedTransport.install(playwright, gate, threadName + "-reader");
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
                LOG.info(label + "Chromium " + browser.version() + " started (" + settings.executable() + ", pid "
                         + processes.launchedBrowser() + ")");
                return browser;
            } catch (RuntimeException e) {
                failure = e;
                close(null); // the driver itself may be what died
            }
        }
        String why = BrowserWorker.firstLine(failure.getMessage());
        lastLaunchFailure = clock.instant();
        lastLaunchError = new BrowserUnavailableException(
                "cannot start Chromium (" + settings.executable() + "): " + why, failure);
        status = new BrowserStatus("FAILED", settings.executable().toString(), null, why, null, restarts.get(), 0);
        LOG.severe(label + lastLaunchError.getMessage());
        throw lastLaunchError;
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
        return new BrowserStatus("STOPPED", settings.executable().toString(), null, detail, null, restarts.get(), 0);
    }
}
