package io.cloudvoter.agent.browser;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserSettingsTest {
    @TempDir
    static Path tmp;

    @Test
    void oneDisableFeaturesSwitchKeepsPlaywrightsListOursAndTheOperators() {
        var settings = new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"),
                List.of("--disable-features=Translate,BackForwardCache", "--lang=de"), tmp);
        var args = settings.launchArgs();
        var disables = args.stream().filter(a -> a.startsWith("--disable-features=")).toList();
        assertThat(disables).hasSize(1);
        var features = List.of(disables.getFirst().substring("--disable-features=".length()).split(","));
        assertThat(features).containsAll(BrowserSettings.PLAYWRIGHT_DISABLED_FEATURES)
                .contains("SpareRendererForSitePerProcess", "BackForwardCache")
                .doesNotHaveDuplicates();
        assertThat(args).contains("--lang=de", "--disable-gpu");
    }

    @Test
    void oneEnableFeaturesSwitchKeepsPlaywrightsOursAndTheOperatorsAndAnOperatorsDisableWins() {
        var settings = new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"),
                List.of("--enable-features=Foo", "--disable-features=NetworkServiceInProcess2"), tmp);
        var enables = settings.launchArgs().stream().filter(a -> a.startsWith("--enable-features=")).toList();
        assertThat(enables).containsExactly("--enable-features=CDPScreenshotNewSurface,Foo");
        assertThat(new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"), List.of(), tmp).launchArgs())
                .contains("--enable-features=CDPScreenshotNewSurface,NetworkServiceInProcess2");
    }

    /** Real Chromium: the network service runs in the browser process, and Playwright's own feature is still on. */
    @Test
    void chromiumRunsTheNetworkServiceInItsBrowserProcessAndKeepsPlaywrightsFeature() {
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var settings = new BrowserSettings(executable, List.of(), tmp);
        try (var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()));
             var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(executable).setHeadless(true).setArgs(settings.launchArgs()))) {
            var page = browser.newContext().newPage();
            page.navigate("data:text/html,<p>hi</p>");
            assertThat(page.screenshot()).as("a screenshot, which CDPScreenshotNewSurface is for").isNotEmpty();
            var types = new TreeSet<String>();
            ProcessHandle.current().descendants().forEach(p -> types.addAll(
                    switchValues(commandLine(p.pid()), "--type=", "--utility-sub-type=")));
            assertThat(types).as("Chromium's processes").contains("renderer")
                    .doesNotContain("network.mojom.NetworkService");
            assertThat(featuresInRenderers("--enable-features=")).contains("CDPScreenshotNewSurface", "NetworkServiceInProcess2");
        }
    }

    @Test
    void theDriverGetsTheCollectorNudgeAfterItsYoungGenerationAsAModuleWithNoFileToLose() throws IOException {
        var one = new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"), List.of(), tmp.resolve("a")).driverEnv();
        var other = new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"), List.of(), tmp.resolve("b")).driverEnv();
        assertThat(one).as("the same for every agent of a JVM: Playwright keeps the first").isEqualTo(other);
        var options = one.get("NODE_OPTIONS");
        var prefix = "--max-semi-space-size=1 --expose-gc --import data:text/javascript;base64,";
        assertThat(options).contains(prefix).doesNotContain(" \"");
        var module = java.util.Base64.getDecoder().decode(options.substring(options.indexOf(prefix) + prefix.length()));
        try (var in = BrowserSettings.class.getResourceAsStream("driver-gc.mjs")) {
            assertThat(module).isEqualTo(in.readAllBytes());
        }
    }

    /**
     * The nudge in the real driver's Node.js: a heap that keeps growing with garbage gets forced full
     * collections; the same Node.js without the nudge gets none (so this test can fail).
     */
    @Test
    void theCollectorNudgeCollectsAGrowingHeapInTheDriversNode() throws Exception {
        var node = io.cloudvoter.agent.node.DriverCopy.unpacked(Path.of("target", "browser-node-driver").toAbsolutePath()).resolve("node");
        var withNudge = new BrowserSettings(Path.of("/usr/bin/chromium-headless-shell"), List.of(), tmp).driverEnv().get("NODE_OPTIONS");
        assertThat(forcedCollections(node, withNudge)).as("forced full collections with the nudge").isPositive();
        assertThat(forcedCollections(node, "--max-semi-space-size=1 --expose-gc")).as("without it").isZero();
    }

    /** Runs a script that allocates about 100 MB a second for 4 s and keeps the last 40-80 MB of it (promoted, then garbage). */
    private static int forcedCollections(Path node, String nodeOptions) throws Exception {
        var script = """
                const { PerformanceObserver, constants } = require('perf_hooks');
                let forced = 0;
                new PerformanceObserver(list => {
                  for (const e of list.getEntries()) {
                    if (e.detail && (e.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED)) forced++;
                  }
                }).observe({ entryTypes: ['gc'] });
                const keep = [];
                const start = Date.now();
                const tick = setInterval(() => {
                  for (let i = 0; i < 2000; i++) keep.push('x'.repeat(1000) + i);
                  if (keep.length > 80000) keep.splice(0, 40000);
                  if (Date.now() - start > 4000) {
                    clearInterval(tick);
                    setTimeout(() => console.log('forced=' + forced), 200);
                  }
                }, 20);
                """;
        var pb = new ProcessBuilder(node.toString(), "-e", script).redirectErrorStream(true);
        pb.environment().put("NODE_OPTIONS", nodeOptions);
        var process = pb.start();
        try {
            assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("node ended").isTrue();
            var out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            assertThat(process.exitValue()).as(out).isZero();
            assertThat(out).as("node's output").startsWith("forced=");
            return Integer.parseInt(out.substring("forced=".length()).trim());
        } finally {
            process.destroyForcibly();
        }
    }

    /** Real Chromium: {@code browser.webgl: false} takes WebGL away from pages, and only that: screenshots and 2D canvases still work. */
    @Test
    void webglOffLeavesPagesWithoutWebglButWithScreenshotsAndCanvas() {
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        assertThat(BrowserSettings.switches(true)).isEmpty();
        var on = new BrowserSettings(executable, BrowserSettings.switches(true), tmp);
        var off = new BrowserSettings(executable, BrowserSettings.switches(false), tmp);
        assertThat(off.launchArgs()).contains("--disable-software-rasterizer");
        try (var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(on.driverEnv()))) {
            assertThat(canvases(playwright, executable, on)).containsExactly(true, true);
            assertThat(canvases(playwright, executable, off)).as("webgl, 2d").containsExactly(false, true);
        }
    }

    /** Whether a page gets a WebGL and a 2D canvas context; takes a screenshot on the way. */
    private static List<Boolean> canvases(Playwright playwright, Path executable, BrowserSettings settings) {
        try (var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable).setHeadless(true).setArgs(settings.launchArgs()))) {
            var page = browser.newContext().newPage();
            page.navigate("data:text/html,<p>hi</p>");
            assertThat(page.screenshot()).isNotEmpty();
            @SuppressWarnings("unchecked")
            var result = (List<Boolean>) page.evaluate("() => [!!document.createElement('canvas').getContext('webgl'),"
                    + " !!document.createElement('canvas').getContext('2d')]");
            return result;
        }
    }

    /** Real Chromium: what a renderer is started with is what the browser really disabled. */
    @Test
    void chromiumStillDisablesEveryFeaturePlaywrightDisables() {
        var executable = BrowserSettings.locate(Optional.empty()).orElseThrow();
        var settings = new BrowserSettings(executable, List.of(), tmp);
        var ours = settings.launchArgs();
        var withoutOurs = ours.stream().filter(a -> !a.startsWith("--disable-features=")).toList();
        try (var playwright = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()))) {
            var playwrights = disabledInRenderer(playwright, executable, withoutOurs);
            var effective = disabledInRenderer(playwright, executable, ours);
            assertThat(playwrights).as("Playwright's own list, read from a renderer").isNotEmpty();
            assertThat(effective).containsAll(playwrights).contains("SpareRendererForSitePerProcess");
        }
    }

    private static Set<String> disabledInRenderer(Playwright playwright, Path executable, List<String> args) {
        try (var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable).setHeadless(true).setArgs(args))) {
            browser.newContext().newPage().navigate("data:text/html,<p>hi</p>");
            return featuresInRenderers("--disable-features=");
        }
    }

    /** The features this JVM's Chromium renderers were started with in {@code featureSwitch} (e.g. {@code --enable-features=}). */
    private static Set<String> featuresInRenderers(String featureSwitch) {
        var features = new TreeSet<String>();
        ProcessHandle.current().descendants().forEach(p -> {
            var cmd = commandLine(p.pid());
            if (switchValues(cmd, "--type=").contains("renderer")) {
                for (var value : switchValues(cmd, featureSwitch)) {
                    features.addAll(List.of(value.split(",")));
                }
            }
        });
        return features;
    }

    /** The values of the given switches on a command line (Chromium rewrites its title: spaces, not NULs). */
    private static List<String> switchValues(String commandLine, String... switches) {
        var values = new java.util.ArrayList<String>();
        for (var arg : commandLine.replace('\0', ' ').split(" ")) {
            for (var name : switches) {
                if (arg.startsWith(name)) {
                    values.add(arg.substring(name.length()));
                }
            }
        }
        return values;
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException e) {
            return "";
        }
    }
}
