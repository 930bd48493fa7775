package io.cloudvoter.agent.controlplane;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cloudvoter.model.Json;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A benchmark, not a test: what one agent's control plane can steer, without browsers — the loads
 * that N browser nodes put on the agent. Three parts, each on a fresh SQLite file in a temp folder:
 * <ul>
 *   <li>{@code ticks}: N instances, none due: one scheduler tick, the status list, the /ws snapshot, heap per instance;</li>
 *   <li>{@code writes}: a run's SQLite writes (start row, completed row, next run time) from T threads at once;</li>
 *   <li>{@code steady}: the real scheduler loop with N instances and R runs a second falling due, each
 *       run doing the agent's own store and event work around a browser that takes 1 s (a timer).</li>
 * </ul>
 * {@code agent/bench-control-plane [--quick] [--json FILE]}. The /ws fan-out at the same rates is
 * {@code agent/bench-ws-latency --rate R}.
 */
public final class ControlPlaneBench {
    private ControlPlaneBench() {
    }

    public static void main(String[] args) throws Exception {
        var argv = Arrays.asList(args);
        boolean quick = argv.contains("--quick");
        int json = argv.indexOf("--json");
        Logger.getLogger("").setLevel(Level.WARNING); // the scheduler logs every instance it loads at INFO
        var dir = Files.createTempDirectory("cloudvoter-control-plane-");
        var results = new LinkedHashMap<String, Object>();
        results.put("machine", machine());
        var ticks = new ArrayList<Map<String, Object>>();
        for (int n : quick ? List.of(1_000, 10_000) : List.of(1_000, 10_000, 50_000)) {
            for (boolean states : List.of(false, true)) {
                ticks.add(part("ticks " + n + (states ? ", every instance with a storage state" : ""),
                        TickBench.run(dir.resolve("ticks-" + n + "-" + states), n, states, Duration.ofSeconds(quick ? 5 : 10))));
            }
        }
        results.put("ticks", ticks);
        var writes = new ArrayList<Map<String, Object>>();
        for (int t : List.of(1, 4, 16)) {
            writes.add(part("writes, " + t + " thread(s)", RunWriteBench.run(dir.resolve("writes-" + t), t, Duration.ofSeconds(quick ? 3 : 5))));
        }
        results.put("writes", writes);
        var steady = new ArrayList<Map<String, Object>>();
        // {instances, runs a second}: a few nodes' worth on a few thousand instances; many runs on few
        // instances (SQLite and the bus); and many of both, where the scheduler's scans meet its thread
        int[][] plans = quick ? new int[][]{{3_000, 10}, {1_000, 100}, {15_000, 50}}
                : new int[][]{{3_000, 10}, {1_000, 100}, {15_000, 50}, {30_000, 100}};
        for (var p : plans) {
            steady.add(part("steady " + p[0] + " instances, " + p[1] + " runs/s", SteadyRunsBench.run(dir.resolve("steady-" + p[0] + "-" + p[1]),
                    p[0], p[1], Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(quick ? 10 : 20))));
        }
        results.put("steady", steady);
        results.put("loadAverageAtEnd", loadAverage());
        if (json >= 0 && json + 1 < args.length) {
            Files.writeString(Path.of(args[json + 1]), Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(results));
        }
        deleteTree(dir);
    }

    private static Map<String, Object> part(String name, Map<String, Object> figures) {
        figures.put("loadAverage", loadAverage());
        System.out.println(name + ": " + figures);
        return figures;
    }

    private static Map<String, Object> machine() {
        var m = new LinkedHashMap<String, Object>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("jvm", System.getProperty("java.vm.version"));
        m.put("jvmOptions", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("loadAverageAtStart", loadAverage());
        return m;
    }

    private static String loadAverage() {
        try {
            var f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
