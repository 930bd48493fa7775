package io.cloudvoter.bench.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import io.cloudvoter.agent.browser.BrowserSettings;
import io.cloudvoter.agent.node.DriverCopy;
import io.cloudvoter.bench.ProcessTree;
import io.cloudvoter.bench.Stats;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The road not taken, measured: Playwright's {@code run-server}, which launches one browser per
 * connection. With Debian's Chromium it only works with {@code --unsafe} (clients then choose the
 * executable and its switches), so this runs it that way on loopback, for the numbers only.
 */
final class RunServerComparison {
    private RunServerComparison() {
    }

    static void run(Path dir, Path chromium, BrowserSettings settings, String page) throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var driver = DriverCopy.unpacked(dir.resolve("node"));
        var pb = new ProcessBuilder(driver.resolve("node").toString(), driver.resolve("package/cli.js").toString(),
                "run-server", "--port", Integer.toString(port), "--host", "127.0.0.1", "--unsafe")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(settings.driverEnv());
        var server = pb.start(); // its stdin stays open: run-server stops when stdin closes
        try {
            var endpoint = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().replace("Listening on ", "");
            var launch = new ObjectMapper().writeValueAsString(Map.of("executablePath", chromium.toString(), "args", settings.launchArgs()));
            NodeProbe.settle();
            System.out.printf("run-server idle (no browser yet): %.0f MB%n", NodeProbe.medianPss(server.pid()));
            try (var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()))) {
                var browsers = new ArrayList<Browser>();
                var x = new ArrayList<Integer>();
                var y = new ArrayList<Double>();
                for (int n : NodeProbe.CONNECTIONS) {
                    while (browsers.size() < n) {
                        long t0 = System.nanoTime();
                        var b = playwright.chromium().connect(endpoint,
                                new BrowserType.ConnectOptions().setHeaders(Map.of("x-playwright-launch-options", launch)));
                        System.out.printf("run-server connect() with its own browser launched: %d ms%n", NodeProbe.ms(t0));
                        b.newContext().newPage().navigate(page);
                        browsers.add(b);
                    }
                    NodeProbe.settle();
                    x.add(n);
                    y.add(NodeProbe.medianPss(server.pid()));
                    System.out.printf("run-server with %d connections (a browser each, one context each): %.0f MB%n", n, y.getLast());
                }
                System.out.printf("run-server PSS per extra connection (= per browser): %.1f MB (slope over %s)%n", Stats.slope(x, y), List.of(1, 2, 4));
                browsers.forEach(Browser::close);
                NodeProbe.settle();
                System.out.printf("run-server after every client dropped: %.0f MB, %d processes left under it%n",
                        ProcessTree.pssMb(server.pid()), server.toHandle().descendants().count());
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
    }
}
