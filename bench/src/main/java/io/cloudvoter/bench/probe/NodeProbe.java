package io.cloudvoter.bench.probe;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.agent.browser.BrowserSettings;
import io.cloudvoter.agent.demo.DemoTarget;
import io.cloudvoter.agent.proc.SystemFiles;
import io.cloudvoter.bench.ProcessTree;
import io.cloudvoter.bench.Stats;
import io.helidon.webserver.WebServer;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a browser node costs and how a Playwright-for-Java client behaves against it, measured for
 * docs/SCALING.md (a measurement, not a test; not part of {@code ./cloudvoter bench}):
 * <pre>
 * java -cp bench/target/cloudvoter-bench.jar io.cloudvoter.bench.probe.NodeProbe
 * </pre>
 * The node is the real one ({@code NodeMain} in a JVM of its own with the launcher's node options),
 * the page is the agent's demo poll, served here. For comparison, Playwright's {@code run-server
 * --unsafe}, which launches one browser per connection. PSS, summed over process trees.
 */
public final class NodeProbe {
    static final List<Integer> CONTEXTS = List.of(1, 5, 10, 20);
    static final List<Integer> CONNECTIONS = List.of(1, 2, 4);
    static final List<String> NODE_JVM = List.of("-XX:+UseSerialGC", "-Xmx48m", "-Xms8m", "-Xss512k", "-XX:TieredStopAtLevel=1");

    private NodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        var dir = Files.createTempDirectory("cloudvoter-node-probe-");
        var demo = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.register("/demo", new DemoTarget(Clock.systemUTC(), 1_000_000, Duration.ofSeconds(60))))
                .build().start();
        var page = "http://127.0.0.1:" + demo.port() + "/demo/";
        var chromium = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var settings = new BrowserSettings(chromium, List.of(), dir);
        try (var node = NodeUnderTest.start(dir.resolve("node"), NODE_JVM)) {
            System.out.printf("node ready: %d ms from process start (driver unpacked on this first start)%n", node.readyMs());
            node.restart();
            System.out.printf("node ready: %d ms from process start (driver already unpacked)%n", node.readyMs());
            settle();
            System.out.println("node idle: " + parts(node.pid()));

            long t0 = System.nanoTime();
            try (var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()))) {
                System.out.printf("client Playwright.create(): %d ms%n", ms(t0));
                System.out.println("client before connect: " + client(node.pid()));
                connectTimes(playwright, node.endpoint());
                contexts(playwright, node, page);
                System.out.println("client after 20 remote contexts (closed since): " + client(node.pid()));
                connections(playwright, node, page);
                kills(playwright, node, page);
            }
            RunServerComparison.run(dir, chromium, settings, page);
        } finally {
            demo.stop();
        }
    }

    static void connectTimes(Playwright playwright, String endpoint) {
        long t0 = System.nanoTime();
        playwright.chromium().connect(endpoint).close();
        long first = ms(t0);
        var later = new ArrayList<Double>();
        for (int i = 0; i < 20; i++) {
            t0 = System.nanoTime();
            var b = playwright.chromium().connect(endpoint);
            later.add((double) ms(t0));
            b.close();
        }
        System.out.printf("connect(): first %d ms, then median %.0f ms, max %.0f ms (20 connects)%n", first, Stats.median(later),
                later.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    static void contexts(Playwright playwright, NodeUnderTest node, String page) throws InterruptedException {
        var browser = playwright.chromium().connect(node.endpoint());
        var open = new ArrayList<BrowserContext>();
        var x = new ArrayList<Integer>();
        var y = new ArrayList<Double>();
        for (int n : CONTEXTS) {
            while (open.size() < n) {
                var context = browser.newContext();
                context.newPage().navigate(page);
                open.add(context);
            }
            settle();
            double pss = medianPss(node.pid());
            x.add(n);
            y.add(pss);
            System.out.printf("node with %2d contexts (demo page open), one connection: %.0f MB%n", n, pss);
        }
        System.out.println("node at 20 contexts: " + parts(node.pid()) + "; Chromium by kind (MB): "
                + rounded(ProcessTree.pssByKind(node.server().pid())));
        System.out.println("client with 20 remote contexts open: " + client(node.pid()));
        System.out.printf("node PSS per context: %.1f MB (slope over %s)%n", Stats.slope(x, y), CONTEXTS);
        browser.close(); // drops the connection; the node closes its contexts
        settle();
        System.out.printf("node after that client dropped without closing them: %.0f MB%n", medianPss(node.pid()));
    }

    static void connections(Playwright playwright, NodeUnderTest node, String page) throws InterruptedException {
        var browsers = new ArrayList<Browser>();
        var x = new ArrayList<Integer>();
        var y = new ArrayList<Double>();
        for (int n : CONNECTIONS) {
            while (browsers.size() < n) {
                var b = playwright.chromium().connect(node.endpoint());
                b.newContext().newPage().navigate(page);
                browsers.add(b);
            }
            settle();
            x.add(n);
            y.add(medianPss(node.pid()));
        }
        System.out.printf("node PSS per extra connection (each with one context): %.1f MB (slope over %s connections)%n",
                Stats.slope(x, y), CONNECTIONS);
        browsers.forEach(Browser::close);
    }

    /** Three times: a call pending on a page that never answers, the node's whole tree killed with -9. */
    static void kills(Playwright playwright, NodeUnderTest node, String page) throws Exception {
        var waits = new ArrayList<Double>();
        String message = null;
        String type = null;
        for (int i = 0; i < 3; i++) {
            var browser = playwright.chromium().connect(node.endpoint());
            var p = browser.newContext().newPage();
            p.navigate(page);
            var killedAt = new long[1];
            Thread.ofVirtual().start(() -> {
                sleep(500);
                killedAt[0] = System.nanoTime();
                node.kill();
            });
            try {
                // Never settles: waits for text that the page never shows.
                p.waitForSelector("#never", new Page.WaitForSelectorOptions().setTimeout(60_000));
            } catch (PlaywrightException e) {
                waits.add((System.nanoTime() - killedAt[0]) / 1e6);
                type = e.getClass().getName();
                message = e.getMessage();
            }
            long t0 = System.nanoTime();
            node.restart();
            System.out.printf("kill %d: node back in %d ms (restart to endpoint)%n", i + 1, ms(t0));
        }
        System.out.printf("pending call after kill -9 of the node: %s \"%s\", median %.0f ms after the kill (%s)%n", type, message,
                Stats.median(waits), waits);
    }

    static double medianPss(long pid) throws InterruptedException {
        var readings = new ArrayList<Double>();
        for (int i = 0; i < 3; i++) {
            readings.add(ProcessTree.pssMb(pid));
            Thread.sleep(300);
        }
        return Stats.median(readings);
    }

    static void settle() throws InterruptedException {
        Thread.sleep(1500);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** The node's JVM, Playwright's server (Node.js) and Chromium (everything under the server), in MB. */
    static String parts(long jvm) {
        var server = ProcessHandle.of(jvm).flatMap(h -> h.children().findFirst()).orElseThrow();
        double all = ProcessTree.pssMb(jvm);
        double below = ProcessTree.pssMb(server.pid());
        double alone = ownPssMb(server.pid());
        return String.format("%.0f MB = JVM %.0f + server (Node.js) %.0f + Chromium %.0f", all, all - below, alone, below - alone);
    }

    /** This JVM and its own Playwright driver: the client's side (the node it started is not counted). */
    static String client(long nodeJvm) {
        double self = ownPssMb(ProcessHandle.current().pid());
        double driver = ProcessHandle.current().children().filter(c -> c.pid() != nodeJvm)
                .mapToDouble(c -> ProcessTree.pssMb(c.pid())).sum();
        return String.format("JVM %.0f MB + local driver %.0f MB", self, driver);
    }

    static double ownPssMb(long pid) {
        var bytes = SystemFiles.host().pss(pid);
        return bytes == null ? 0 : bytes / (1024.0 * 1024); // 0: gone
    }

    static Map<String, Long> rounded(Map<String, Double> byKind) {
        var out = new java.util.TreeMap<String, Long>();
        byKind.forEach((k, v) -> out.put(k, Math.round(v)));
        return out;
    }
}
