package io.cloudvoter.bench;

import java.time.Duration;

/** New context with a storage state restored plus a new page: what every run pays before its first step. */
final class RestoreBench {
    private RestoreBench() {
    }

    static void run(ProbeRunner probe, String target, int count, Results results) {
        var r = probe.run(Duration.ofMinutes(2), "restore", target, Integer.toString(count)).getFirst();
        results.put("contextRestoreP50Ms", r.get("p50Ms").asDouble(), "ms", "<= 60",
                "newContext(storageState) + newPage, " + r.get("samples").asInt() + " samples, p90 " + r.get("p90Ms").asDouble() + " ms");
    }
}
