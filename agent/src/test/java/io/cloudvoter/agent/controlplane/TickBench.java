package io.cloudvoter.agent.controlplane;

import io.cloudvoter.agent.stream.SnapshotBuilder;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.events.Snapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What N instances cost the agent while none is due: one scheduler tick (the loop ticks every
 * 500 ms and again after every run that ends), {@code GET /api/status}'s list, the {@code /ws}
 * snapshot a client gets on connecting (built and written as JSON), and heap per instance.
 */
final class TickBench {
    private TickBench() {
    }

    /** @param withStates whether every instance has a storage state file (as after its first run) */
    static Map<String, Object> run(Path dir, int instances, boolean withStates, Duration measure) throws Exception {
        var out = new LinkedHashMap<String, Object>();
        out.put("instances", instances);
        out.put("withStates", withStates);
        long heapBefore = heapAfterGc();
        try (var plane = new Plane(dir)) {
            Instant later = Instant.now().plus(Duration.ofHours(1));
            out.put("seedMs", plane.seed(instances, Duration.ofHours(1), i -> later));
            for (int i = 0; withStates && i < instances; i++) {
                plane.states.save(Plane.id(i), "{\"cookies\":[],\"origins\":[]}");
            }
            long t0 = System.nanoTime();
            var scheduler = plane.scheduler(16, request -> {
                throw new IllegalStateException("nothing is due in this benchmark");
            });
            plane.bus.seed(scheduler.statuses(), scheduler.monitoring(), plane.flows.problems());
            out.put("loadMs", (System.nanoTime() - t0) / 1_000_000);
            out.put("heapPerInstanceBytes", (heapAfterGc() - heapBefore) / instances);

            var ticks = new Samples();
            for (int i = 0; i < 20; i++) {
                scheduler.tick(); // warm-up
            }
            long end = System.nanoTime() + measure.toNanos();
            while (System.nanoTime() < end && ticks.size() < 2000) {
                long s = System.nanoTime();
                scheduler.tick();
                ticks.add(System.nanoTime() - s);
            }
            out.put("tickP50Ms", round(ticks.ms(50)));
            out.put("tickP99Ms", round(ticks.ms(99)));
            out.put("ticks", ticks.size());

            var statuses = new Samples();
            for (int i = 0; i < 20; i++) {
                long s = System.nanoTime();
                scheduler.statuses();
                statuses.add(System.nanoTime() - s);
            }
            out.put("statusesP50Ms", round(statuses.ms(50)));

            var builder = new SnapshotBuilder(new AgentInfo("bench", "dev", Protocol.VERSION, "bench", Instant.now(), 1), 16,
                    () -> null, plane.bus::recentResources, plane.bus::recentGuardActions, List::of);
            var snapshots = new Samples();
            var writes = new Samples();
            int bytes = 0;
            for (int i = 0; i < 10; i++) {
                var got = new AtomicReference<Snapshot>();
                long s = System.nanoTime();
                plane.bus.join(e -> true, OptionalLong.empty(), 0, (seq, time, state) -> {
                    var snap = builder.create(seq, time, state);
                    got.set(snap);
                    return snap;
                });
                snapshots.add(System.nanoTime() - s);
                s = System.nanoTime();
                bytes = Json.mapper().writeValueAsString(got.get()).length();
                writes.add(System.nanoTime() - s);
            }
            out.put("snapshotBuildP50Ms", round(snapshots.ms(50)));
            out.put("snapshotJsonP50Ms", round(writes.ms(50)));
            out.put("snapshotKb", bytes / 1024);
        }
        return out;
    }

    static long heapAfterGc() {
        var rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
