package io.cloudvoter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code wsP99Ms}: the agent's own WebSocket latency benchmark ({@code agent/bench-ws-latency}: the
 * real {@code /ws} endpoint on loopback, 20 clients at 1,000 events/s, then the same with one client
 * that never reads), run in its own JVM; its JSON figures are read back here.
 */
final class WsBench {
    private WsBench() {
    }

    static void run(BenchOptions o, int seconds, Results results) throws IOException, InterruptedException {
        Path root = o.agentJar().toAbsolutePath().getParent().getParent().getParent();
        Path script = root.resolve("agent/bench-ws-latency");
        Path json = Files.createTempFile("cloudvoter-ws-bench", ".json");
        try {
            var command = List.of("bash", script.toString(), "--clients", "20", "--rate", "1000",
                    "--seconds", Integer.toString(seconds), "--warmup", "2", "--json", json.toString());
            var process = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
            if (!process.waitFor(seconds * 2L + 240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("agent/bench-ws-latency did not finish in time");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("agent/bench-ws-latency exited with " + process.exitValue());
            }
            JsonNode figures = new ObjectMapper().readTree(json.toFile());
            JsonNode normal = figures.path("normal");
            JsonNode stalled = figures.path("withStalledClient");
            results.put("wsP99Ms", figures.path("wsP99Ms").asDouble(), "ms", "<= 5",
                    "20 clients, 1,000 events/s for " + seconds + " s on loopback; p50 " + figures.path("wsP50Ms").asText()
                    + " ms; with one client stalled: fast clients' p99 " + stalled.path("p99Ms").asText() + " ms");
            results.detail("ws", figures);
            if (normal.isMissingNode()) {
                results.problem("ws: the benchmark's JSON has no 'normal' scenario");
            }
        } finally {
            Files.deleteIfExists(json);
        }
    }
}
