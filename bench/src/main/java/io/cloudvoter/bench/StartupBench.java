package io.cloudvoter.bench;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Process start → ready ({@code /api/health} answers 200) and process start → end of the first demo
 * run, over several fresh starts (fresh data dir each time, like a first install). The agent of the
 * last start is handed back for the idle and overhead measurements.
 */
final class StartupBench {
    /**
     * The three demo instances, each due once at start and then not for an hour: "nothing due for a
     * while". The browser is stopped after 15 s idle instead of the default 60 s, only so the
     * benchmark need not wait a minute to see the idle state.
     */
    static final String QUIET_CONFIG = """
            cloudvoter:
              browser:
                idle-close-after: 15s
              instances:
                - { id: demo-1, flow: demo-vote, cooldown: 1h }
                - { id: demo-2, flow: demo-vote, cooldown: 1h }
                - { id: demo-3, flow: demo-vote, cooldown: 1h }
            """;

    private StartupBench() {
    }

    static AgentProcess run(BenchOptions options, int starts, Results results) {
        var ready = new ArrayList<Long>();
        var firstRun = new ArrayList<Long>();
        AgentProcess agent = null;
        for (int i = 0; i < starts; i++) {
            if (agent != null) {
                agent.close();
            }
            agent = AgentProcess.start(options, options.ports().next(), QUIET_CONFIG, Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "1"));
            try {
                ready.add(agent.awaitReady(Duration.ofSeconds(60)));
                var runs = awaitRuns(agent, 3, Duration.ofSeconds(90));
                var first = runs.stream().mapToLong(r -> r.startedAt().toEpochMilli() + r.durationMs()).min().orElseThrow();
                firstRun.add(first - agent.startedAt().toEpochMilli());
                var failed = runs.stream().filter(r -> r.outcome() != Outcome.SUCCESS).toList();
                if (!failed.isEmpty()) {
                    results.problem("startup: " + failed.size() + " of the first demo runs did not succeed: " + failed.getFirst().message());
                }
            } catch (RuntimeException e) {
                agent.close();
                throw e;
            }
        }
        results.put("readyMs", Stats.median(ready), "ms", "<= 3000", "process start → /api/health 200, median of " + ready + " ms");
        results.put("firstRunMs", Stats.median(firstRun), "ms", null, "process start → end of the first demo run, median of " + firstRun + " ms");
        results.detail("startup", Map.of("readyMs", ready, "firstRunMs", firstRun));
        return agent;
    }

    /** Waits until at least {@code count} runs have finished; returns the finished ones. */
    static List<RunRecord> awaitRuns(AgentProcess agent, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var done = agent.api().runsSince(agent.startedAt().minusSeconds(5)).stream().filter(r -> r.durationMs() != null).toList();
            if (done.size() >= count) {
                return done;
            }
            AgentProcess.pause(50);
        }
        throw new IllegalStateException("fewer than " + count + " runs finished within " + timeout.toSeconds() + "s; see " + agent.log());
    }
}
