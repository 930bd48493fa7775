package io.cloudvoter.agent.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Switches for a server: no sandbox as root (Chromium refuses otherwise), nothing phoning home. */
    List<String> launchArgs() {
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
                "--disable-quic",
                "--disable-features=SpareRendererForSitePerProcess"));
        args.addAll(extraArgs);
        return args;
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
