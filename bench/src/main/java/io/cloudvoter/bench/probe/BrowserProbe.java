package io.cloudvoter.bench.probe;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import io.cloudvoter.agent.browser.BrowserSettings;
import io.cloudvoter.bench.ProcessTree;
import io.cloudvoter.bench.Stats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser side of the benchmarks, in a JVM of its own (started with the agent's JVM options) so
 * that its process tree holds nothing but Java, the Playwright driver and Chromium — started with the
 * agent's own {@link BrowserSettings}: the same executable, switches and driver options.
 * <p>
 * Modes (each prints {@code RESULT <json>} lines on stdout):
 * <ul>
 *   <li>{@code sessions TARGET 1,5,10,20}: one browser, a context with a page open on TARGET per session (the agent's model);</li>
 *   <li>{@code browsers TARGET 1,5,10,20}: one browser per session (the predecessor's model);</li>
 *   <li>{@code restore TARGET COUNT}: new context with a storage state restored plus a new page, COUNT times;</li>
 *   <li>{@code bare TARGET -}: demo runs by a bare Playwright loop (the baseline of the agent's run overhead),
 *       as many as each line of stdin asks for, so the caller can alternate with the agent without
 *       restarting the probe.</li>
 * </ul>
 */
public final class BrowserProbe {
    private BrowserProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BrowserProbe sessions|browsers|restore|bare TARGET ARG");
            System.exit(2);
        }
        var tmp = Files.createTempDirectory("cloudvoter-probe-");
        var executable = BrowserSettings.locate(Optional.ofNullable(System.getenv("CLOUDVOTER_CHROMIUM")).map(Path::of))
                .orElseThrow(() -> new IllegalStateException("no Chromium found"));
        var settings = new BrowserSettings(executable, List.of(), tmp);
        System.setProperty("playwright.driver.tmpdir", tmp.toString());
        try (var cleanup = deleteOnClose(tmp); // closed last, after Playwright
             var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()))) {
            var launch = new BrowserType.LaunchOptions().setExecutablePath(executable).setHeadless(true).setArgs(settings.launchArgs());
            var probe = new Probe(playwright, launch, args[1], tmp.resolve("state.json"));
            switch (args[0]) {
                case "sessions" -> probe.memory(counts(args[2]), false);
                case "browsers" -> probe.memory(counts(args[2]), true);
                case "restore" -> probe.restore(Integer.parseInt(args[2]));
                case "bare" -> probe.bare();
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
        System.exit(0); // Playwright's helper threads must not keep the probe alive
    }

    /** Removes the probe's temporary folder (storage state, Playwright's driver copy) when closed. */
    private static AutoCloseable deleteOnClose(Path dir) {
        return () -> {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        };
    }

    private static List<Integer> counts(String s) {
        return java.util.Arrays.stream(s.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    static void result(Map<String, Object> fields) {
        var sb = new StringBuilder("RESULT {");
        var first = true;
        for (var e : fields.entrySet()) {
            sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":");
            var v = e.getValue();
            sb.append(v instanceof Number || v instanceof Boolean ? v.toString() : v instanceof String str ? quote(str) : String.valueOf(v));
            first = false;
        }
        System.out.println(sb.append('}'));
        System.out.flush();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The measurements, on the probe's one Playwright thread. */
    private record Probe(Playwright playwright, BrowserType.LaunchOptions launch, String target, Path state) {

        /** PSS of the whole probe tree with n sessions open, for each n; the caller fits the slope. */
        void memory(List<Integer> counts, boolean browserPerSession) throws InterruptedException {
            var shared = playwright.chromium().launch(launch);
            saveState(shared);
            var open = new ArrayList<BrowserContext>();
            for (int n : counts) {
                while (open.size() < n) {
                    var browser = browserPerSession ? playwright.chromium().launch(launch) : shared;
                    var context = browser.newContext(new Browser.NewContextOptions().setStorageStatePath(state));
                    var page = context.newPage();
                    page.navigate(target);
                    page.locator("#vote").waitFor();
                    open.add(context);
                }
                if (browserPerSession && n == counts.getFirst()) {
                    shared.close(); // from here on every session has its own browser and nothing else is open
                }
                var samples = settledPss();
                var fields = new LinkedHashMap<String, Object>();
                fields.put("sessions", n);
                fields.put("pssMb", Stats.round1(Stats.median(samples)));
                fields.put("processes", ProcessTree.members(ProcessHandle.current().pid()).size());
                ProcessTree.pssByKind(ProcessHandle.current().pid()).forEach((k, v) -> fields.put("pss_" + k, Stats.round1(v)));
                result(fields);
            }
        }

        /** Lets Chromium settle and Java collect, then takes three readings a second apart. */
        private static List<Double> settledPss() throws InterruptedException {
            System.gc();
            Thread.sleep(1500);
            var samples = new ArrayList<Double>();
            for (int i = 0; i < 3; i++) {
                samples.add(ProcessTree.pssMb(ProcessHandle.current().pid()));
                Thread.sleep(700);
            }
            return samples;
        }

        /** A storage state with the demo target's voter cookie, as an instance has after its first run. */
        private void saveState(Browser browser) {
            try (var context = browser.newContext()) {
                var page = context.newPage();
                page.navigate(target);
                page.locator("#vote").waitFor();
                Files.writeString(state, context.storageState());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void restore(int count) {
            var browser = playwright.chromium().launch(launch);
            saveState(browser);
            var samples = new ArrayList<Double>();
            for (int i = 0; i < count + 5; i++) {
                long t0 = System.nanoTime();
                var context = browser.newContext(new Browser.NewContextOptions().setStorageStatePath(state));
                context.newPage();
                long t1 = System.nanoTime();
                context.close();
                if (i >= 5) { // the first few warm up the JIT and Chromium's caches
                    samples.add((t1 - t0) / 1e6);
                }
            }
            var fields = new LinkedHashMap<String, Object>();
            fields.put("p50Ms", Stats.round1(Stats.median(samples)));
            fields.put("p90Ms", Stats.round1(Stats.percentile(samples, 90)));
            fields.put("samples", samples.size());
            result(fields);
        }

        void bare() throws java.io.IOException {
            var browser = playwright.chromium().launch(launch);
            var flow = new DemoRun(target, state);
            for (int i = 0; i < 3; i++) {
                flow.run(browser); // warm-up
            }
            result(Map.of("ready", true));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.isBlank()) {
                bareRuns(browser, flow, Integer.parseInt(line.trim()));
            }
        }

        private void bareRuns(Browser browser, DemoRun flow, int count) {
            long cpu0 = ProcessTree.cpuMillis(ProcessHandle.current().pid());
            long t0 = System.nanoTime();
            int ok = 0;
            for (int i = 0; i < count; i++) {
                ok += flow.run(browser) ? 1 : 0;
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            long cpu = ProcessTree.cpuMillis(ProcessHandle.current().pid()) - cpu0;
            var fields = new LinkedHashMap<String, Object>();
            fields.put("runs", count);
            fields.put("successes", ok);
            fields.put("msPerRun", Stats.round1(ms / count));
            fields.put("cpuMsPerRun", Stats.round1((double) cpu / count));
            result(fields);
        }
    }
}
