package io.cloudvoter.agent.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;
import io.cloudvoter.agent.testing.TestSite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How runs can share one Playwright driver and one Chromium (a benchmark, not a test; see
 * docs/ENGINE.md): a local poll page that answers after a latency, a stylesheet and two images
 * after a quarter of it, and a vote POST after the latency again; N runs in flight, each a fresh
 * context that votes and reads the result. Three ways to share the driver:
 * <ul>
 *   <li>{@code serial}: a run holds the driver from start to end (the engine before 2026-12);</li>
 *   <li>{@code per-call}: a lock around each single Playwright call, every wait on the page made
 *       non-blocking (navigation started with a 1 ms timeout, then polled with
 *       {@code isVisible()} every 25 ms, click without waiting for its navigation);</li>
 *   <li>{@code gated}: the engine's {@link GatedTransport}: a run holds the {@link DriverGate} but
 *       lets go of it whenever Playwright waits for the driver; steps unchanged.</li>
 * </ul>
 * {@code agent/bench-interleave [--latency MS] [--in-flight 1,8,16,32] [--seconds S] [--modes serial,per-call,gated]}
 */
public final class InterleaveBench {
    public static void main(String[] args) throws Exception {
        int latency = Integer.parseInt(option(args, "--latency", "1000"));
        int seconds = Integer.parseInt(option(args, "--seconds", "20"));
        var inFlight = List.of(option(args, "--in-flight", "1,8,16,32").split(","));
        var modes = List.of(option(args, "--modes", "serial,per-call,gated").split(","));
        try (var site = pollSite(latency)) {
            System.out.printf("latency %d ms, %d s per step, load average at start %s%n", latency, seconds, loadAverage());
            System.out.printf("%-9s %9s %9s %7s %12s %14s%n", "mode", "in flight", "runs/min", "failed", "JVM CPU/run", "driver+Chromium CPU/run");
            for (var mode : modes) {
                for (var n : inFlight) {
                    step(mode, Integer.parseInt(n), seconds, site);
                }
            }
        }
    }

    private static void step(String mode, int inFlight, int seconds, TestSite site) throws Exception {
        var settings = new BrowserSettings(BrowserSettings.locate(Optional.empty()).orElseThrow(), List.of(),
                Files.createTempDirectory("interleave-bench"));
        var gate = new DriverGate();
        gate.enter();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()));
        if (mode.equals("gated") && !GatedTransport.install(playwright, gate, "bench-reader")) {
            throw new IllegalStateException("the gate could not be installed");
        }
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(settings.executable())
                .setHeadless(true).setArgs(settings.launchArgs()));
        gate.leave();
        var done = new AtomicInteger();
        var failed = new AtomicInteger();
        double jvmBefore = cpuSeconds(ProcessHandle.current());
        double treeBefore = childrenCpu();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < inFlight; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (mode.equals("per-call")) {
                            perCallRun(gate, browser, site);
                        } else {
                            gate.enter();
                            try {
                                wholeRun(browser, site);
                            } finally {
                                gate.leave();
                            }
                        }
                        if (System.nanoTime() < end) { // a run that waited past the step's end is not the step's
                            done.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        int runsInWindow = done.get();
        double jvmCpu = cpuSeconds(ProcessHandle.current()) - jvmBefore;
        double treeCpu = childrenCpu() - treeBefore; // CPU of the window only, like the runs counted
        for (var t : threads) {
            t.join(seconds * 1000L + 60_000);
        }
        double runs = Math.max(1, runsInWindow);
        System.out.printf("%-9s %9d %9.0f %7d %10.0f ms %12.0f ms%n", mode, inFlight, runsInWindow * 60.0 / seconds, failed.get(),
                jvmCpu * 1000 / runs, treeCpu * 1000 / runs);
        gate.enter();
        browser.close();
        playwright.close();
        gate.leave();
    }

    /** The flow as the engine's steps run it: each call waits on the page as long as it needs. */
    private static void wholeRun(Browser browser, TestSite site) {
        BrowserContext context = browser.newContext();
        try {
            Page page = context.newPage();
            var response = page.navigate(site.url("/poll"), new Page.NavigateOptions().setTimeout(20_000));
            if (response == null || response.status() != 200) {
                throw new IllegalStateException("no page");
            }
            page.locator("#vote").click(new Locator.ClickOptions().setTimeout(10_000));
            page.locator("#message").waitFor(new Locator.WaitForOptions().setTimeout(10_000));
            if (!page.locator("body").innerText().contains("Thanks")) {
                throw new IllegalStateException("not counted");
            }
            context.storageState();
        } finally {
            context.close();
        }
    }

    /** The same flow with every wait made non-blocking, one lock held around each call. */
    private static void perCallRun(DriverGate gate, Browser browser, TestSite site) {
        BrowserContext context = locked(gate, browser::newContext);
        try {
            Page page = locked(gate, context::newPage);
            try {
                locked(gate, () -> page.navigate(site.url("/poll"), new Page.NavigateOptions().setTimeout(1)));
            } catch (TimeoutError expected) {
                // the navigation goes on in the browser
            }
            awaitVisible(gate, page, "#vote");
            locked(gate, () -> {
                page.locator("#vote").click(new Locator.ClickOptions().setNoWaitAfter(true).setTimeout(10_000));
                return null;
            });
            awaitVisible(gate, page, "#message");
            if (!locked(gate, () -> page.locator("body").innerText()).contains("Thanks")) {
                throw new IllegalStateException("not counted");
            }
            locked(gate, context::storageState);
        } finally {
            locked(gate, () -> {
                context.close();
                return null;
            });
        }
    }

    private static void awaitVisible(DriverGate gate, Page page, String selector) {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!locked(gate, () -> page.locator(selector).isVisible())) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(selector + " never became visible");
            }
            sleep(25);
        }
    }

    private static <T> T locked(DriverGate gate, Supplier<T> call) {
        gate.enter();
        try {
            return call.get();
        } finally {
            gate.leave();
        }
    }

    static TestSite pollSite(int latency) {
        return new TestSite()
                .page("/poll", ex -> {
                    sleep(latency);
                    TestSite.send(ex, 200, "<link rel=stylesheet href=/s.css><img src=/i1.png><img src=/i2.png>"
                                           + "<form method=post action=/vote><button id=vote>Vote</button></form>");
                })
                .page("/s.css", ex -> {
                    sleep(latency / 4);
                    byte[] css = "body { color: black }".getBytes();
                    ex.getResponseHeaders().set("Content-Type", "text/css");
                    ex.sendResponseHeaders(200, css.length);
                    ex.getResponseBody().write(css);
                    ex.close();
                })
                .page("/i1.png", ex -> {
                    sleep(latency / 4);
                    ex.sendResponseHeaders(404, -1);
                    ex.close();
                })
                .page("/i2.png", ex -> {
                    sleep(latency / 4);
                    ex.sendResponseHeaders(404, -1);
                    ex.close();
                })
                .page("/vote", ex -> {
                    ex.getRequestBody().readAllBytes();
                    sleep(latency);
                    TestSite.send(ex, 200, "<p id=message>Thanks for voting</p><p id=count>Votes: 12</p>");
                });
    }

    private static double childrenCpu() {
        return ProcessHandle.current().children().mapToDouble(InterleaveBench::treeCpu).sum();
    }

    private static double treeCpu(ProcessHandle p) {
        return cpuSeconds(p) + p.children().mapToDouble(InterleaveBench::treeCpu).sum();
    }

    private static double cpuSeconds(ProcessHandle p) {
        try {
            var stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
