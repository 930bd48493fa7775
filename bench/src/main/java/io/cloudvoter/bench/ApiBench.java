package io.cloudvoter.bench;

import java.util.LinkedHashMap;

/** {@code GET /api/status} at 200 requests/s while the agent carries the seed's demo workload. */
final class ApiBench {
    static final int RATE = 200;

    private ApiBench() {
    }

    static void run(AgentProcess agent, double seconds, Results results) throws InterruptedException {
        int port = Integer.parseInt(agent.api().base().substring(agent.api().base().lastIndexOf(':') + 1));
        HttpLoad.run(port, "/api/status", agent.api().token(), RATE, 2, 4); // warm-up: JIT, connections
        var latencies = HttpLoad.run(port, "/api/status", agent.api().token(), RATE, seconds, 4);
        int instances = agent.api().status().instances().size();
        results.put("apiStatusP99Ms", Stats.percentile(latencies, 99), "ms", "<= 5",
                "GET /api/status, " + RATE + " req/s open loop for " + Math.round(seconds) + " s, " + instances
                + " instances, demo runs every 10 s; p50 " + Stats.round1(Stats.median(latencies)) + " ms");
        var d = new LinkedHashMap<String, Object>();
        d.put("requests", latencies.size());
        d.put("p50Ms", Stats.round1(Stats.median(latencies)));
        d.put("p90Ms", Stats.round1(Stats.percentile(latencies, 90)));
        d.put("p99Ms", Stats.round1(Stats.percentile(latencies, 99)));
        d.put("maxMs", Stats.round1(Stats.percentile(latencies, 100)));
        // The same load with nothing running, to tell the server's own latency from CPU shared with runs.
        for (var id : java.util.List.of("demo-1", "demo-2", "demo-3")) {
            agent.api().disable(id);
        }
        AgentProcess.pause(1000);
        var quiet = HttpLoad.run(port, "/api/status", agent.api().token(), RATE, seconds / 2, 4);
        d.put("noRunsP50Ms", Stats.round1(Stats.median(quiet)));
        d.put("noRunsP99Ms", Stats.round1(Stats.percentile(quiet, 99)));
        results.detail("apiStatus", d);
    }
}
