package io.cloudvoter.bench.tmp;

import com.microsoft.playwright.*;
import io.cloudvoter.agent.browser.BrowserSettings;
import io.cloudvoter.bench.LatencyTarget;
import io.cloudvoter.bench.ProcessTree;

import java.nio.file.*;
import java.time.Duration;
import java.util.*;

/** Throwaway: PSS of driver + Chromium with N contexts open on the latency page, per flag set. */
public final class FlagProbe {
    public static void main(String[] args) throws Exception {
        var extra = args.length > 0 && !args[0].equals("-") ? List.of(args[0].split(" ")) : List.<String>of();
        var counts = List.of(0, 1, 8, 16);
        try (var target = LatencyTarget.start(Duration.ofMillis(50))) {
            var tmp = Files.createTempDirectory("flagprobe");
            var settings = new BrowserSettings(BrowserSettings.locate(Optional.empty()).orElseThrow(), extra, tmp);
            try (var pw = Playwright.create(new Playwright.CreateOptions().setEnv(settings.driverEnv()))) {
                var browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(settings.executable())
                        .setHeadless(true).setArgs(settings.launchArgs()));
                var contexts = new ArrayList<BrowserContext>();
                var sb = new StringBuilder(String.join(" ", extra) + ":");
                for (int n : counts) {
                    while (contexts.size() < n) {
                        var vp = System.getenv("VIEWPORT");
                        var opts = new Browser.NewContextOptions();
                        if (vp != null) opts.setViewportSize(Integer.parseInt(vp.split("x")[0]), Integer.parseInt(vp.split("x")[1]));
                        var c = browser.newContext(opts);
                        var p = c.newPage();
                        p.route("**/*", r -> { var t = r.request().resourceType(); if (t.equals("image") || t.equals("font") || t.equals("media")) r.abort(); else r.fallback(); });
                        p.navigate(target.pollUrl());
                        p.locator("#vote").click();
                        p.locator("#message").waitFor();
                        contexts.add(c);
                    }
                    Thread.sleep(1500);
                    var byKind = ProcessTree.pssByKind(ProcessHandle.current().pid());
                    double tree = byKind.entrySet().stream().filter(e -> !e.getKey().equals("java")).mapToDouble(Map.Entry::getValue).sum();
                    sb.append(String.format(" n=%d tree=%.0f", n, tree));
                    if (n == 16) sb.append(" " + byKind);
                }
                System.out.println(sb);
                browser.close();
            }
        }
        System.exit(0);
    }
}
