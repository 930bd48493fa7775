package io.cloudvoter.agent.controlplane;

import io.cloudvoter.model.api.Outcome;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQLite work of one run, as fast as {@code threads} threads can do it on the agent's real
 * database file (WAL, {@code synchronous=NORMAL}): the row written at start ({@code RunStore.start}),
 * completed at the end ({@code RunStore.finish}) and the instance's next run time ({@code PlanStore.setNextRun}).
 * The agent does these on each run's own virtual thread, so {@code threads} is how many runs end at once.
 */
final class RunWriteBench {
    private static final int INSTANCES = 1000;

    private RunWriteBench() {
    }

    static Map<String, Object> run(Path dir, int threads, Duration measure) throws InterruptedException {
        var out = new LinkedHashMap<String, Object>();
        out.put("threads", threads);
        try (var plane = new Plane(dir)) {
            plane.seed(INSTANCES, Duration.ofMinutes(5), i -> null);
            var starts = new Samples();
            var finishes = new Samples();
            var plans = new Samples();
            var done = new AtomicLong();
            long end = System.nanoTime() + measure.toNanos();
            var workers = new ArrayList<Thread>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                workers.add(Thread.ofVirtual().start(() -> {
                    for (int k = offset; System.nanoTime() < end; k += threads) {
                        String id = Plane.id(k % INSTANCES);
                        long s = System.nanoTime();
                        var row = plane.runs.start(id, Plane.FLOW, Instant.now());
                        long f = System.nanoTime();
                        plane.runs.finish(row.id(), Outcome.SUCCESS, 1000, "page says \"Thanks for voting!\"", 42.0, null);
                        long p = System.nanoTime();
                        plane.plan.setNextRun(id, Instant.now().plus(Duration.ofMinutes(5)));
                        long e = System.nanoTime();
                        starts.add(f - s);
                        finishes.add(p - f);
                        plans.add(e - p);
                        done.incrementAndGet();
                    }
                }));
            }
            for (var w : workers) {
                w.join(measure.toMillis() + 30_000);
            }
            out.put("runsPerSecond", Math.round(done.get() / (measure.toMillis() / 1000.0)));
            out.put("startP50Ms", TickBench.round(starts.ms(50)));
            out.put("startP99Ms", TickBench.round(starts.ms(99)));
            out.put("finishP50Ms", TickBench.round(finishes.ms(50)));
            out.put("finishP99Ms", TickBench.round(finishes.ms(99)));
            out.put("nextRunP99Ms", TickBench.round(plans.ms(99)));
        }
        return out;
    }
}
