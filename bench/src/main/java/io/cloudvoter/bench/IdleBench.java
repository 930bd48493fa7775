package io.cloudvoter.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

/**
 * The agent with monitoring on and nothing due for an hour: its whole tree's PSS once it has settled
 * (after it has stopped the browser, when it does).
 */
final class IdleBench {
    private IdleBench() {
    }

    static void run(AgentProcess agent, Duration settle, Results results) {
        long deadline = System.nanoTime() + settle.toNanos();
        String browser = agent.api().status().browser().state();
        while (System.nanoTime() < deadline && !"STOPPED".equals(browser)) {
            AgentProcess.pause(500);
            browser = agent.api().status().browser().state();
        }
        AgentProcess.pause(2000);
        var samples = new ArrayList<Double>();
        for (int i = 0; i < 5; i++) {
            samples.add(agent.pssMb());
            AgentProcess.pause(1000);
        }
        var kinds = ProcessTree.pssByKind(agent.pid());
        var note = "median of 5 readings; browser " + browser + "; " + breakdown(kinds);
        results.put("idlePssMb", Stats.median(samples), "MB", "<= 100", note);
        results.detail("idle", Map.of("samplesMb", samples, "browser", browser, "byKindMb", kinds));
    }

    static String breakdown(Map<String, Double> kinds) {
        var sb = new StringBuilder();
        kinds.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " + ").append(k).append(' ').append(Math.round(v)));
        return sb.toString();
    }
}
