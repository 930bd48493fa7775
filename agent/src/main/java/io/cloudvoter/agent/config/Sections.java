package io.cloudvoter.agent.config;

import io.cloudvoter.agent.alerts.AlertSettings;
import io.cloudvoter.agent.browser.BrowserLifecycle;
import io.cloudvoter.agent.browser.BrowserPlacement;
import io.cloudvoter.agent.browser.RunCapacity;
import io.cloudvoter.agent.demo.DemoSettings;
import io.cloudvoter.agent.guard.GuardSettings;
import io.cloudvoter.agent.health.HealthSettings;
import io.cloudvoter.agent.stream.StreamSettings;
import io.cloudvoter.agent.web.AuthThrottle;
import io.cloudvoter.agent.web.HttpSettings;
import io.cloudvoter.agent.web.TlsSettings;

import io.helidon.common.tls.Tls;

import java.util.Optional;

/**
 * The feature sections of the config, each read by its own feature's reader in the same pass as the
 * rest, so that one start lists every problem of every section.
 *
 * @param tls  the server's TLS, empty when {@code tls.enabled} is false
 * @param demo the demo target's setting ({@code demo-votes-per-minute}, a key of the root)
 */
public record Sections(GuardSettings guard, Browser browser, StreamSettings stream, HealthSettings health,
                       AuthThrottle.Settings auth, HttpSettings http, Optional<Tls> tls, AlertSettings alerts,
                       DemoSettings demo) {

    /**
     * {@code cloudvoter.browser}.
     *
     * @param workers       {@code workers}; 0 for auto
     * @param runsPerWorker {@code runs-per-worker}; 0 for auto
     * @param webgl         {@code webgl}: false starts Chromium without software GL (no WebGL, less memory)
     */
    public record Browser(BrowserLifecycle lifecycle, int workers, int runsPerWorker, BrowserPlacement placement, boolean webgl) {
    }

    /** Reads every section under {@code root}; wrong values go to the pass's problem list. */
    static Sections read(SectionReader root) {
        var guard = GuardSettings.read(root.section("guard"));
        var b = root.section("browser");
        var browser = new Browser(BrowserLifecycle.read(b, guard.sampleInterval()), RunCapacity.readWorkers(b),
                RunCapacity.readRunsPerWorker(b), BrowserPlacement.read(b), b.bool("webgl", true));
        var stream = StreamSettings.read(root.section("stream"));
        return new Sections(guard, browser, stream, HealthSettings.read(root.section("health")),
                AuthThrottle.Settings.read(root.section("auth")), HttpSettings.read(root.section("http"), stream.heartbeat()),
                TlsSettings.read(root.section("tls")), AlertSettings.read(root.section("alerts")), DemoSettings.read(root));
    }
}
