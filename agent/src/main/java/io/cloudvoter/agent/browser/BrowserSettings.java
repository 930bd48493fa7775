package io.cloudvoter.agent.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * How the shared Chromium is started.
 *
 * @param executable  the Chromium build to run
 * @param extraArgs   appended to the agent's own switches
 * @param driverTmp   the agent's own folder for Playwright's driver ({@code <data-dir>/tmp}); it also
 *                    marks this agent's Chromium processes, so the reaper can tell them apart
 */
public record BrowserSettings(Path executable, List<String> extraArgs, Path driverTmp) {
    private static final Logger LOG = Logger.getLogger(BrowserSettings.class.getName());

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

    /**
     * What Playwright 1.62 itself enables (its chromiumSwitches), unless {@code PLAYWRIGHT_LEGACY_SCREENSHOT}
     * is set. Only the last {@code --enable-features} counts too, so ours repeats it.
     */
    static final String PLAYWRIGHT_ENABLED_FEATURE = "CDPScreenshotNewSurface";

    /**
     * What we enable on top: the network service inside the browser process instead of a process of
     * its own, one process and about 24 MB less per Chromium (docs/BENCHMARKS.md, Levers). A network
     * service crash then takes the browser with it, which the worker already survives like any other.
     */
    static final List<String> OUR_ENABLED_FEATURES = List.of("NetworkServiceInProcess2");

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
     * {@code --disable-features} holding Playwright's list, ours and any given in {@code extraArgs}, and
     * one {@code --enable-features} the same way.
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
        var enabled = new LinkedHashSet<String>();
        if (Optional.ofNullable(System.getenv("PLAYWRIGHT_LEGACY_SCREENSHOT")).orElse("").isEmpty()) {
            enabled.add(PLAYWRIGHT_ENABLED_FEATURE);
        }
        enabled.addAll(OUR_ENABLED_FEATURES);
        for (var arg : extraArgs) {
            if (arg.startsWith("--disable-features=")) {
                disabled.addAll(List.of(arg.substring("--disable-features=".length()).split(",")));
            } else if (arg.startsWith("--enable-features=")) {
                enabled.addAll(List.of(arg.substring("--enable-features=".length()).split(",")));
            } else {
                args.add(arg);
            }
        }
        disabled.removeIf(String::isBlank);
        enabled.removeIf(f -> f.isBlank() || disabled.contains(f)); // the operator's disable wins
        args.add("--disable-features=" + String.join(",", disabled));
        args.add("--enable-features=" + String.join(",", enabled));
        return args;
    }

    /**
     * Node.js options for the Playwright driver: a 1 MB young generation instead of 16 MB. The
     * driver keeps few short-lived objects, so it scavenges a little more often for the same CPU
     * and holds ~45 MB less (docs/BENCHMARKS.md).
     */
    static final String DRIVER_NODE_OPTIONS = "--max-semi-space-size=1";

    /** The driver's collector nudge ({@code driver-gc.cjs}), written into {@link #driverTmp} for the driver to load. */
    static final String DRIVER_GC_SCRIPT = "cloudvoter-driver-gc.cjs";

    /**
     * The Playwright driver's environment on top of the agent's own (Playwright merges the two): the
     * operator's {@code NODE_OPTIONS}, then ours, and the collector nudge (see {@code driver-gc.cjs})
     * when its file could be written.
     */
    public Map<String, String> driverEnv() {
        var own = Optional.ofNullable(System.getenv("NODE_OPTIONS")).orElse("");
        var options = new StringBuilder(own).append(' ').append(DRIVER_NODE_OPTIONS);
        driverGcScript().ifPresent(script -> options.append(" --expose-gc --require \"").append(script).append('"'));
        return Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "NODE_OPTIONS", options.toString().trim());
    }

    /**
     * Writes the collector nudge into {@link #driverTmp} (whole, by a rename: two workers may start at
     * once) and returns its path; empty, with a warning, when it cannot be written or its path cannot
     * be quoted in {@code NODE_OPTIONS}. The driver then runs without it: more memory, nothing else.
     */
    Optional<Path> driverGcScript() {
        var target = driverTmp.resolve(DRIVER_GC_SCRIPT).toAbsolutePath();
        if (target.toString().indexOf('"') >= 0 || target.toString().indexOf('\\') >= 0) {
            LOG.warning(() -> "The Playwright driver runs without its collector nudge: its path " + target + " cannot be quoted in NODE_OPTIONS");
            return Optional.empty();
        }
        try (var in = BrowserSettings.class.getResourceAsStream("driver-gc.cjs")) {
            if (in == null) {
                throw new IOException("driver-gc.cjs is not on the class path");
            }
            var script = in.readAllBytes();
            if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), script)) {
                return Optional.of(target);
            }
            Files.createDirectories(driverTmp);
            var part = Files.createTempFile(driverTmp, DRIVER_GC_SCRIPT, ".part");
            Files.write(part, script);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(target);
        } catch (IOException e) {
            LOG.warning(() -> "The Playwright driver runs without its collector nudge: cannot write " + target + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
