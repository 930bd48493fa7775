package io.cloudvoter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Capacity against a target that answers like a small poll site across the internet
 * ({@link LatencyTarget}), with ONE browser worker (what a 1–2 GB droplet gets) and the agent's
 * default concurrency. The same search and step rule as the demo capacity; the figures are the best
 * passing step's achieved rate, the tree's peak PSS in it, the most runs in flight at once in it
 * (per worker), and its median run duration.
 */
final class LatencyBench {
    static final String FLOW = "latency-vote";
    static final int WORKERS = 1;
    /** As the demo capacity: the scheduler's tick stays small against the 5 % a step may lose. */
    static final Duration COOLDOWN = Duration.ofSeconds(10);
    static final Duration FLOW_TIMEOUT = Duration.ofSeconds(30);

    /** One worker; max-concurrent-runs stays the agent's default; the guard as for the demo capacity. */
    static final String CONFIG = """
            cloudvoter:
              browser:
                workers: %d
            """.formatted(WORKERS) + CapacityBench.GUARD_CPU_OFF;

    private LatencyBench() {
    }

    /**
     * The flow an operator would write for this site, as the demo flow of docs/flows.md: open the poll, vote,
     * wait for the result page, read the counter. It blocks images, fonts and media as docs/flows.md
     * recommends (see docs/BENCHMARKS.md for why the bench keeps that).
     */
    static String flow(String pollUrl) {
        return """
                # Written by ./cloudvoter bench for its latency target (docs/BENCHMARKS.md).
                name: %s
                target: "%s"
                timeout: %ds
                cooldown: %ds
                block: [image, font, media]
                steps:
                  - goto
                  - click: ["#vote", "button:has-text('Vote')"]
                  - waitFor: { selector: "#message" }
                  - extract: { selector: "#count", name: votes }
                outcome:
                  success: ["Thanks for voting"]
                """.formatted(FLOW, pollUrl, FLOW_TIMEOUT.toSeconds(), COOLDOWN.toSeconds());
    }

    static void run(BenchOptions o, Results results) {
        try (var target = LatencyTarget.start(o.latency());
             var agent = AgentProcess.start(o, o.ports().next(), CONFIG, Map.of())) {
            agent.awaitReady(Duration.ofSeconds(60));
            var api = agent.api();
            for (var id : List.of("demo-1", "demo-2", "demo-3")) {
                api.disable(id);
            }
            installFlow(agent, target.pollUrl());
            var maxConcurrent = api.get("/api/status").path("maxConcurrentRuns").asInt();
            var work = new Workload(agent, FLOW, "lat", COOLDOWN, FLOW_TIMEOUT);
            double runMs = work.calibrate(3);
            System.out.printf("  latency %d ms: unloaded run %.0f ms, max-concurrent-runs %d (default), %d worker%n",
                    o.latency().toMillis(), runMs, maxConcurrent, WORKERS);
            var search = o.quick() ? new CapacitySearch(300, 2, 1500, 2) : new CapacitySearch(150, 1.5, 1500, 8);
            var window = Duration.ofMillis((long) (work.cycleMs() * (o.quick() ? 2 : 4)));
            var steps = work.search(search, window, "latency");
            report(results, steps, o.latency(), runMs, window, maxConcurrent);
            var d = new LinkedHashMap<String, Object>();
            d.put("latencyMs", o.latency().toMillis());
            d.put("workers", WORKERS);
            d.put("maxConcurrentRuns", maxConcurrent);
            d.put("cooldownS", COOLDOWN.toSeconds());
            d.put("unloadedRunMs", Stats.round1(runMs));
            d.put("windowS", window.toMillis() / 1000.0);
            d.put("steps", steps);
            d.put("targetRequests", target.requests());
            d.put("targetMostWaiting", target.mostWaiting());
            d.put("flow", flow(target.pollUrl()));
            results.detail("latency", d);
        }
    }

    /** Writes the flow into the agent's flows folder and has it re-read; the flow must load cleanly. */
    private static void installFlow(AgentProcess agent, String pollUrl) {
        try {
            Files.createDirectories(agent.flowsDir());
            Files.writeString(agent.flowsDir().resolve(FLOW + ".yaml"), flow(pollUrl));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the latency flow", e);
        }
        var list = agent.api().reloadFlows();
        for (var err : list.path("errors")) {
            if (err.path("file").asText().startsWith(FLOW)) {
                throw new IllegalStateException("the agent rejected the latency flow: " + err);
            }
        }
        boolean loaded = false;
        for (var f : list.path("flows")) {
            loaded |= FLOW.equals(f.path("name").asText());
        }
        if (!loaded) {
            throw new IllegalStateException("the agent did not load the latency flow: " + list);
        }
    }

    private static void report(Results results, List<Step> steps, Duration latency, double runMs, Duration window, int maxConcurrent) {
        var note = "L = " + latency.toMillis() + " ms, " + WORKERS + " browser worker, max-concurrent-runs " + maxConcurrent
                   + " (default), cooldown " + COOLDOWN.toSeconds() + " s, unloaded run " + Math.round(runMs) + " ms, "
                   + window.toSeconds() + " s windows; steps: " + CapacityBench.brief(steps);
        var best = StepRule.best(steps);
        var at = best.orElse(steps.isEmpty() ? null : steps.getFirst());
        var where = best.isPresent() ? "in the capacity step" : "no step passed; at the first step";
        results.put("latencyCapacityRunsPerMin", best.map(Step::achievedPerMin).orElse(0.0), "runs/min", ">= 300",
                (best.isPresent() ? best.get().instances() + " instances; at a 30-minute cooldown that is "
                                    + Math.round(best.get().achievedPerMin() * 30) + " instances; " : "no step passed; ") + note);
        results.put("latencyPeakPssMb", at == null ? null : at.peakPssMb(), "MB", "<= 600", "whole agent tree, sampled every 250 ms, " + where
                + (at == null || at.peakPssByKind().isEmpty() ? "" : "; by process " + at.peakPssByKind()));
        results.put("inFlightPerWorker", at == null ? null : (double) at.maxInFlight() / WORKERS, "runs", ">= 12",
                "most runs in flight at once (from the runs' starts and durations), " + where);
        results.put("latencyRunP50Ms", at == null ? null : at.runP50Ms(), "ms", null, "median run duration, " + where);
    }
}
