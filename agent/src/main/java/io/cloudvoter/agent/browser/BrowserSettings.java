package io.cloudvoter.agent.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the shared Chromium is started.
 *
 * @param executable  the Chromium build to run
 * @param extraArgs   appended to the agent's own switches
 * @param driverTmp   the agent's own folder for Playwright's driver ({@code <data-dir>/tmp}); it also
 *                    marks this agent's Chromium processes, so the reaper can tell them apart
 */
public record BrowserSettings(Path executable, List<String> extraArgs, Path driverTmp) {

    /** Debian's headless shell first: a quarter of full Chromium's memory per context (STACK-NOTES). */
    static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/bin/chromium-headless-shell"),
            Path.of("/usr/lib/chromium/chromium-headless-shell"),
            Path.of("/usr/bin/chromium"),
            Path.of("/usr/bin/chromium-browser"));

    /**
     * The features Playwright 1.62 itself disables (its chromiumSwitches). Chromium honours only the
     * last {@code --disable-features} switch, so ours must repeat Playwright's list or it silently
     * switches them back on (HTTPS upgrades of http:// targets, paint holding, origin-header
     * checks that break request interception...).
     */
    static final List<String> PLAYWRIGHT_DISABLED_FEATURES = List.of(
            "AvoidUnnecessaryBeforeUnloadCheckSync", "BoundaryEventDispatchTracksNodeRemoval",
            "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls", "HttpsUpgrades",
            "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
            "BlockOriginHeaderModificationOnRedirect", "Translate", "AutoDeElevate", "OptimizationHints",
            "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion");

    /** What we disable on top: the spare renderer is warmed for a context that a fresh-context-per-run agent never reuses. */
    static final List<String> OUR_DISABLED_FEATURES = List.of("SpareRendererForSitePerProcess");

    public BrowserSettings {
        extraArgs = List.copyOf(extraArgs);
    }

    /** The configured executable, else the first Debian build found; empty when there is none. */
    public static Optional<Path> locate(Optional<Path> configured) {
        if (configured.isPresent()) {
            return configured;
        }
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Switches for a server: no sandbox as root (Chromium refuses otherwise), nothing phoning home, one
     * {@code --disable-features} holding Playwright's list, ours and any given in {@code extraArgs}.
     */
    public List<String> launchArgs() {
        var args = new ArrayList<String>();
        if (runningAsRoot()) {
            args.add("--no-sandbox");
        }
        args.addAll(List.of(
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic"));
        var disabled = new LinkedHashSet<>(PLAYWRIGHT_DISABLED_FEATURES);
        disabled.addAll(OUR_DISABLED_FEATURES);
        for (var arg : extraArgs) {
            if (arg.startsWith("--disable-features=")) {
                disabled.addAll(List.of(arg.substring("--disable-features=".length()).split(",")));
            } else {
                args.add(arg);
            }
        }
        disabled.removeIf(String::isBlank);
        args.add("--disable-features=" + String.join(",", disabled));
        return args;
    }

    /**
     * Node.js options for the Playwright driver: a 1 MB young generation instead of 16 MB. The
     * driver keeps few short-lived objects, so it scavenges a little more often for the same CPU
     * and holds ~45 MB less (docs/BENCHMARKS.md).
     */
    static final String DRIVER_NODE_OPTIONS = "--max-semi-space-size=1";

    /** The Playwright driver's environment on top of the agent's own (Playwright merges the two). */
    public Map<String, String> driverEnv() {
        var own = Optional.ofNullable(System.getenv("NODE_OPTIONS")).orElse("");
        return Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "NODE_OPTIONS", (own + " " + DRIVER_NODE_OPTIONS).trim());
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
