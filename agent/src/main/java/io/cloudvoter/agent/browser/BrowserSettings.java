package io.cloudvoter.agent.browser;

import java.io.IOException;
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

    /**
     * {@code browser.webgl: false}: the GPU process starts no software GL (SwiftShader), so pages get no
     * WebGL ({@code getContext('webgl')} is null) and each Chromium holds 11-16 MB less (docs/ENGINE.md,
     * Memory). {@code --use-gl=disabled} also ends WebGL but saved nothing measurable.
     */
    static final String NO_WEBGL = "--disable-software-rasterizer";

    /** The switches {@code browser.webgl} asks for (none while it is on, the default). */
    public static List<String> switches(boolean webgl) {
        return webgl ? List.of() : List.of(NO_WEBGL);
    }

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

    /**
     * The driver's collector nudge ({@code driver-gc.mjs}) as a module Node.js imports before
     * Playwright's CLI: a {@code data:} URL, so no file has to outlive anything. Playwright for Java
     * starts every driver of a JVM with the environment of its first {@code Playwright.create}, so
     * these options must not name anything that belongs to one agent or one test (a data dir's file
     * did, and every later driver of the JVM failed once that folder was gone).
     */
    static final String DRIVER_GC_IMPORT = "--expose-gc --import data:text/javascript;base64," + driverGcModule();

    /**
     * The Playwright driver's environment on top of the agent's own (Playwright merges the two): the
     * operator's {@code NODE_OPTIONS}, then ours: the young generation and the collector nudge.
     */
    public Map<String, String> driverEnv() {
        var own = Optional.ofNullable(System.getenv("NODE_OPTIONS")).orElse("");
        return Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                "NODE_OPTIONS", (own + " " + DRIVER_NODE_OPTIONS + " " + DRIVER_GC_IMPORT).trim());
    }

    private static String driverGcModule() {
        try (var in = BrowserSettings.class.getResourceAsStream("driver-gc.mjs")) {
            if (in == null) {
                throw new IllegalStateException("driver-gc.mjs is not on the class path");
            }
            return java.util.Base64.getEncoder().encodeToString(in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read driver-gc.mjs", e);
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
