package io.cloudvoter.bench;

import io.cloudvoter.model.api.InstanceSpec;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's wall time per demo run against a bare Playwright loop doing the same steps with the
 * same browser, alternated so both see the same machine. The agent runs a burst of fresh instances
 * (all due at once, one run at a time); its time per run is (end of the last run − start of the
 * first) / runs, scheduling gaps included.
 */
final class OverheadBench {
    private OverheadBench() {
    }

    static void run(AgentProcess agent, ProbeRunner probe, int runs, int alternations, Results results)
            throws InterruptedException {
        var api = agent.api();
        api.runNow("demo-1"); // the browser may have been stopped while idle
        StartupBench.awaitRuns(agent, 4, Duration.ofSeconds(60));
        var ratios = new ArrayList<Double>();
        var agentMs = new ArrayList<Double>();
        var bareMs = new ArrayList<Double>();
        try (var bare = probe.open("bare", api.base() + "/demo/", "-")) {
            bare.next(Duration.ofSeconds(60)); // launched and warmed up
            for (int rep = 0; rep < alternations; rep++) {
                double a = burst(agent, "ovh" + rep, runs);
                var b = bare.ask(Integer.toString(runs), Duration.ofSeconds(30 + runs));
                if (b.get("successes").asInt() < runs) {
                    results.problem("overhead: the bare loop had " + (runs - b.get("successes").asInt()) + " runs without success");
                }
                agentMs.add(a);
                bareMs.add(b.get("msPerRun").asDouble());
                ratios.add(a / b.get("msPerRun").asDouble());
            }
        }
        results.put("runOverheadRatio", Stats.median(ratios), "x", "<= 1.10",
                "agent " + Stats.round1(Stats.median(agentMs)) + " ms/run vs bare loop " + Stats.round1(Stats.median(bareMs))
                + " ms/run (medians), " + alternations + " alternations of " + runs + " runs; ratios " + round(ratios));
        var d = new LinkedHashMap<String, Object>();
        d.put("agentMsPerRun", round(agentMs));
        d.put("bareMsPerRun", round(bareMs));
        d.put("ratios", round(ratios));
        results.detail("overhead", d);
    }

    /** Adds {@code runs} fresh instances while monitoring is off, turns it on, and times the burst. */
    static double burst(AgentProcess agent, String prefix, int runs) {
        var done = burstRuns(agent, prefix, runs);
        long first = done.stream().mapToLong(r -> r.startedAt().toEpochMilli()).min().orElseThrow();
        long last = done.stream().mapToLong(r -> r.startedAt().toEpochMilli() + r.durationMs()).max().orElseThrow();
        return (double) (last - first) / runs;
    }

    /** As {@link #burst}; returns the burst's finished runs (all successful, or it throws). */
    static List<RunRecord> burstRuns(AgentProcess agent, String prefix, int runs) {
        var api = agent.api();
        api.monitoring(false);
        var ids = new ArrayList<String>();
        for (int i = 0; i < runs; i++) {
            var id = prefix + "-" + i;
            api.addInstance(new InstanceSpec(id, "demo-vote", Duration.ofHours(1), true));
            ids.add(id);
        }
        Instant since = Instant.now().minusSeconds(1);
        api.monitoring(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(30 + runs).toNanos();
        while (System.nanoTime() < deadline) {
            var done = api.runsSince(since).stream()
                    .filter(r -> ids.contains(r.instanceId()) && r.durationMs() != null).toList();
            if (done.size() >= runs) {
                long failed = done.stream().filter(r -> r.outcome() != Outcome.SUCCESS).count();
                if (failed > 0) {
                    throw new IllegalStateException(failed + " of the agent's burst runs failed: " + done.stream()
                            .filter(r -> r.outcome() != Outcome.SUCCESS).findFirst().orElseThrow().message());
                }
                return done;
            }
            AgentProcess.pause(100);
        }
        throw new IllegalStateException("the agent's burst of " + runs + " runs did not finish; see " + agent.log());
    }

    static List<Double> round(List<Double> values) {
        return values.stream().map(v -> Math.round(v * 100) / 100.0).toList();
    }
}
