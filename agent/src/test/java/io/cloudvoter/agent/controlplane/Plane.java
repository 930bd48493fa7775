package io.cloudvoter.agent.controlplane;

import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.flow.FlowParser;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.schedule.MonitoringSwitch;
import io.cloudvoter.agent.schedule.PlanStore;
import io.cloudvoter.agent.schedule.RunLauncher;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.agent.schedule.StoredInstance;
import io.cloudvoter.agent.events.StreamState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The agent's control plane without browsers or a web server, wired as {@code Agent} wires it: a
 * real SQLite file (WAL), the flows folder with the demo-like flow, the plan, the run store, storage
 * states, the event bus and the scheduler, with a {@link RunLauncher} of the benchmark's own in
 * place of the browser.
 */
final class Plane implements AutoCloseable {
    static final String FLOW = "bench-vote";

    final Path dir;
    final Clock clock = Clock.systemUTC();
    final Database db;
    final FlowCatalog flows;
    final PlanStore plan;
    final RunStore runs;
    final StorageStates states;
    final EventBus bus;

    Plane(Path dir) {
        this.dir = dir;
        try {
            var flowDir = Files.createDirectories(dir.resolve("flows"));
            Files.writeString(flowDir.resolve(FLOW + ".yaml"), """
                    name: %s
                    target: "http://127.0.0.1:9/demo/"
                    cooldown: 5m
                    steps:
                      - goto
                    """.formatted(FLOW));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        flows = new FlowCatalog(dir.resolve("flows"), new FlowParser(Map.of()));
        flows.reload();
        if (!flows.problems().isEmpty()) {
            throw new IllegalStateException("the bench flow is invalid: " + flows.problems());
        }
        db = Database.open(dir.resolve("cloudvoter.db"));
        plan = new PlanStore(db);
        runs = new RunStore(db, clock);
        states = new StorageStates(dir.resolve("state"));
        bus = new EventBus(clock, clock.millis() * 1000, 1024, StreamState.Limits.DEFAULT);
    }

    /** Writes {@code count} instances straight into the plan (as a config file of that many would), each due at {@code next.apply(i)}. */
    long seed(int count, Duration cooldown, IntFunction<Instant> next) {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            plan.upsert(new StoredInstance(id(i), FLOW, cooldown, true, StoredInstance.CONFIG, next.apply(i)));
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String id(int i) {
        return "i-" + i;
    }

    /** The scheduler over what the plan holds, as {@code Agent} builds it. */
    Scheduler scheduler(int maxConcurrentRuns, RunLauncher launcher) {
        return new Scheduler(clock, new Scheduler.Settings(maxConcurrentRuns, Duration.ofMinutes(10), Duration.ofHours(24)),
                flows, plan, runs.counters(), states, launcher, bus, new MonitoringSwitch(dir));
    }

    @Override
    public void close() {
        db.close();
    }
}
