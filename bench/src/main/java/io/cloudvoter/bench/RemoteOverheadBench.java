package io.cloudvoter.bench;

import io.cloudvoter.bench.probe.NodeUnderTest;
import io.cloudvoter.model.api.RunRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code remoteRunOverheadRatio}: a demo run on a loopback browser node against the same run on a
 * local worker. Two agents on this machine, each on its own demo target: the quiet agent of the
 * startup benchmark (its local worker only) and one with {@code browser.local: false} whose only
 * worker is a browser node started here as {@code ./cloudvoter browser-node} starts it. Both run one
 * run at a time; blocks of fresh instances alternate between them so both see the same machine.
 * The figure is the median run duration (the agent's own {@code durationMs}: context, page, steps,
 * storage state) on the node ÷ the median on the local worker.
 */
final class RemoteOverheadBench {
    private RemoteOverheadBench() {
    }

    static String config(String endpoint) {
        return """
                cloudvoter:
                  browser:
                    local: false
                    idle-close-after: off
                    endpoints:
                      - url: "%s"
                        runs: 16
                  instances:
                    - { id: demo-1, flow: demo-vote, cooldown: 1h }
                    - { id: demo-2, flow: demo-vote, cooldown: 1h }
                    - { id: demo-3, flow: demo-vote, cooldown: 1h }
                """.formatted(endpoint);
    }

    static void run(BenchOptions o, AgentProcess local, int runs, int blocks, Results results) {
        try (var node = NodeUnderTest.start(Files.createTempDirectory(o.workDir(), "node-"), NodeUnderTest.LAUNCHER_JVM);
             var remote = AgentProcess.start(o, o.ports().next(), config(node.endpoint()), Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "1"))) {
            remote.awaitReady(Duration.ofSeconds(90));
            StartupBench.awaitRuns(remote, 3, Duration.ofSeconds(90)); // its demo instances: the node is warm
            local.api().runNow("demo-1"); // the quiet agent's browser may have closed while idle
            OverheadBench.burstRuns(local, "rw", 3);
            OverheadBench.burstRuns(remote, "rw", 3);
            var localMs = new ArrayList<Double>();
            var remoteMs = new ArrayList<Double>();
            var blockRatios = new ArrayList<Double>();
            var localCpu = new java.util.TreeMap<String, Long>(); // each agent's CPU during its own blocks
            var remoteCpu = new java.util.TreeMap<String, Long>();
            long nodeCpu = ProcessTree.cpuMillis(node.pid()); // the node idles while the local agent runs
            for (int b = 0; b < blocks; b++) {
                // who goes first alternates too, so neither always follows the other's burst
                var first = b % 2 == 0 ? local : remote;
                var second = first == local ? remote : local;
                var firstMs = durations(timed(first, first == local ? localCpu : remoteCpu, "rb" + b, runs));
                var secondMs = durations(timed(second, second == local ? localCpu : remoteCpu, "rb" + b, runs));
                var l = first == local ? firstMs : secondMs;
                var r = first == local ? secondMs : firstMs;
                localMs.addAll(l);
                remoteMs.addAll(r);
                blockRatios.add(Stats.median(r) / Stats.median(l));
            }
            nodeCpu = ProcessTree.cpuMillis(node.pid()) - nodeCpu;
            double ratio = Stats.median(remoteMs) / Stats.median(localMs);
            results.put("remoteRunOverheadRatio", ratio, "x", null,
                    "median run on a loopback browser node " + Stats.round1(Stats.median(remoteMs)) + " ms vs local worker "
                    + Stats.round1(Stats.median(localMs)) + " ms, " + blocks + " alternated blocks of " + runs
                    + " demo runs each side, one at a time; per-block ratios " + OverheadBench.round(blockRatios));
            var d = new LinkedHashMap<String, Object>();
            d.put("localRunMs", OverheadBench.round(localMs));
            d.put("remoteRunMs", OverheadBench.round(remoteMs));
            d.put("blockRatios", OverheadBench.round(blockRatios));
            // the agent's side of a run: with a local worker that includes Chromium; with a node, only
            // the JVM and the Playwright driver that relays the protocol to the node
            d.put("localAgentCpuMsPerRun", perRun(localCpu, runs * blocks));
            d.put("remoteAgentCpuMsPerRun", perRun(remoteCpu, runs * blocks));
            d.put("nodeCpuMsPerRun", Stats.round1((double) nodeCpu / (runs * blocks)));
            d.put("localP90Ms", Stats.round1(Stats.percentile(localMs, 90)));
            d.put("remoteP90Ms", Stats.round1(Stats.percentile(remoteMs, 90)));
            // what a node-only agent and the node weigh after these runs (PSS, MB): the agent's side is
            // its JVM and the Playwright driver that carries the connection; no Chromium runs there
            d.put("remoteAgentPssMb", rounded(ProcessTree.pssByKind(remote.pid())));
            d.put("nodePssMb", rounded(ProcessTree.pssByKind(node.pid())));
            results.detail("remoteOverhead", d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the browser node", e);
        }
    }

    /** One block on {@code agent}; its processes' CPU time (ms) is added to {@code cpu} by kind (java, driver, renderer…). */
    private static List<RunRecord> timed(AgentProcess agent, Map<String, Long> cpu, String prefix, int runs) {
        var before = ProcessTree.ownCpuMillis(agent.pid());
        var done = OverheadBench.burstRuns(agent, prefix, runs);
        ProcessTree.ownCpuMillis(agent.pid()).forEach((pid, ms) -> cpu.merge(ProcessTree.kind(ProcessTree.commandLine(pid)),
                ms - before.getOrDefault(pid, 0L), Long::sum)); // a renderer that came and went in the block is missed
        return done;
    }

    private static Map<String, Double> perRun(Map<String, Long> cpu, int runs) {
        var out = new LinkedHashMap<String, Double>();
        out.put("total", Stats.round1((double) cpu.values().stream().mapToLong(Long::longValue).sum() / runs));
        cpu.forEach((kind, ms) -> out.put(kind, Stats.round1((double) ms / runs)));
        return out;
    }

    private static Map<String, Double> rounded(Map<String, Double> mb) {
        var out = new LinkedHashMap<String, Double>();
        mb.forEach((k, v) -> out.put(k, Stats.round1(v)));
        return out;
    }

    private static List<Double> durations(List<RunRecord> runs) {
        return runs.stream().map(r -> (double) r.durationMs()).toList();
    }
}
