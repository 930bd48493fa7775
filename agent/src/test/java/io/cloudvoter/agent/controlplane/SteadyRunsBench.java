package io.cloudvoter.agent.controlplane;

import io.cloudvoter.agent.schedule.RunLauncher;
import io.cloudvoter.agent.schedule.SchedulerLoop;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.RunStarted;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real scheduler loop (a tick every 500 ms and after every run that ends) over N instances
 * whose cooldowns make R runs a second fall due, as R runs a second spread over browser nodes would.
 * Each run does what {@code RunExecutor} does around the browser — the row at start, {@code run.started},
 * then after the run's time (the browser's part, here a timer: no CPU) the storage state file, the row
 * completed, {@code run.finished} and its log line — so the agent's side of every run is real. Measured:
 * runs started per second against the rate offered, how late they started, and the CPU the scheduler's
 * thread and the whole process used.
 */
final class SteadyRunsBench {
    private static final String STATE = "{\"cookies\":[{\"name\":\"voter\",\"value\":\"" + "x".repeat(1500)
            + "\",\"domain\":\"127.0.0.1\",\"path\":\"/\"}],\"origins\":[]}";

    private SteadyRunsBench() {
    }

    static Map<String, Object> run(Path dir, int instances, int rate, Duration runTime, Duration warmup, Duration measure)
            throws InterruptedException {
        var out = new LinkedHashMap<String, Object>();
        out.put("instances", instances);
        out.put("offeredRunsPerSecond", rate);
        // an instance runs again a cooldown after its run ended: its period is the cooldown plus the run
        var cooldown = Duration.ofMillis(instances * 1000L / rate).minus(runTime);
        out.put("cooldownS", cooldown.toSeconds());
        var planned = new ConcurrentHashMap<String, Instant>();
        var lateness = new Samples();
        var started = new AtomicLong();
        var events = new AtomicLong();
        var inFlight = new AtomicInteger();
        var measuring = new AtomicBoolean();
        var stopped = new AtomicBoolean();
        var timers = Executors.newSingleThreadScheduledExecutor();
        try (var plane = new Plane(dir)) {
            var t0 = Instant.now().plus(warmup.dividedBy(2));
            out.put("seedMs", plane.seed(instances, cooldown, i -> {
                var at = t0.plusMillis(cooldown.toMillis() * i / instances);
                planned.put(Plane.id(i), at);
                return at;
            }));
            plane.bus.subscribe(e -> {
                events.incrementAndGet();
                return true;
            });
            int maxRuns = Math.max(16, (int) (rate * runTime.toMillis() / 1000.0 * 3));
            RunLauncher launcher = request -> {
                var result = new CompletableFuture<RunLauncher.RunResult>();
                if (stopped.get()) { // after the measurement: a run that never ends, so nothing more reaches the database
                    return handle(result);
                }
                var now = Instant.now();
                var due = planned.get(request.instanceId());
                if (measuring.get() && due != null) {
                    lateness.add(Math.max(0, Duration.between(due, now).toNanos()));
                    started.incrementAndGet();
                }
                inFlight.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    var row = plane.runs.start(request.instanceId(), request.flow().name(), Instant.now());
                    plane.bus.publish((seq, time) -> new RunStarted(seq, time, row));
                    timers.schedule(() -> Thread.ofVirtual().start(() -> {
                        plane.states.save(request.instanceId(), STATE);
                        var done = plane.runs.finish(row.id(), Outcome.SUCCESS, runTime.toMillis(), "page says \"Thanks for voting!\"",
                                42.0, null);
                        plane.bus.publish((seq, time) -> new RunFinished(seq, time, done));
                        plane.bus.publish((seq, time) -> new LogEvent(seq, time, new LogLine(time, "INFO", "RunExecutor",
                                request.instanceId(), "run " + done.id() + " SUCCESS in " + runTime.toMillis() + " ms"), 0));
                        planned.put(request.instanceId(), Instant.now().plus(cooldown));
                        result.complete(new RunLauncher.RunResult(done, Outcome.SUCCESS, null)); // the scheduler's part runs in here
                        inFlight.decrementAndGet();
                    }), runTime.toMillis(), TimeUnit.MILLISECONDS);
                });
                return handle(result);
            };
            var scheduler = plane.scheduler(maxRuns, launcher);
            plane.bus.seed(scheduler.statuses(), true, plane.flows.problems());
            var before = schedulerThreads();
            Thread loopThread;
            try (var loop = new SchedulerLoop(scheduler, plane.flows, plane.bus)) {
                loop.start(Duration.ofMillis(500));
                loopThread = await(() -> schedulerThreads().stream().filter(t -> !before.contains(t)).findFirst().orElse(null));
                Thread.sleep(warmup.toMillis());
                var threads = ManagementFactory.getThreadMXBean();
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long schedulerCpu0 = threads.getThreadCpuTime(loopThread.threadId());
                long processCpu0 = os.getProcessCpuTime();
                long events0 = events.get();
                long wall0 = System.nanoTime();
                measuring.set(true);
                var ticks = new AtomicLong();
                var watcher = Thread.ofPlatform().daemon().start(() -> countTicks(scheduler, measuring, ticks));
                Thread.sleep(measure.toMillis());
                measuring.set(false);
                watcher.join(5000);
                double wallS = (System.nanoTime() - wall0) / 1e9;
                out.put("achievedRunsPerSecond", Math.round(started.get() / wallS * 10) / 10.0);
                out.put("latenessP50Ms", TickBench.round(lateness.ms(50)));
                out.put("latenessP99Ms", TickBench.round(lateness.ms(99)));
                out.put("latenessMaxMs", TickBench.round(lateness.ms(100)));
                out.put("schedulerThreadCpuPercent",
                        Math.round((threads.getThreadCpuTime(loopThread.threadId()) - schedulerCpu0) / 1e7 / wallS * 10) / 10.0);
                out.put("processCpuCores", Math.round((os.getProcessCpuTime() - processCpu0) / 1e9 / wallS * 100) / 100.0);
                out.put("eventsPerSecond", Math.round((events.get() - events0) / wallS));
                // the loop ticks every 500 ms and once more for every run that ends: fewer means ticks queue up
                out.put("ticksPerSecond", Math.round(ticks.get() / wallS * 10) / 10.0);
                out.put("ticksAskedPerSecond", Math.round((2 + started.get() / wallS) * 10) / 10.0);
                out.put("maxConcurrentRuns", maxRuns);
                out.put("inFlightAtEnd", inFlight.get());
                stopped.set(true);
            }
            // ticks asked for and not yet run are still queued on the loop's thread, which runs them
            // after close(): how long it goes on says how far behind it was (the next part waits for it)
            long stop = System.nanoTime();
            boolean drained = loopThread.join(Duration.ofSeconds(90));
            out.put("queuedTicksRanForS", drained ? Math.round((System.nanoTime() - stop) / 1e8) / 10.0 : (Object) "more than 90");
            long waitUntil = System.nanoTime() + runTime.plusSeconds(30).toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < waitUntil) {
                Thread.sleep(20); // the last runs complete before the database closes
            }
            var ticks = new Samples(); // the loop stopped: ticks timed alone, with the plan as the runs left it
            for (int i = 0; i < 20; i++) {
                long s = System.nanoTime();
                scheduler.tick();
                ticks.add(System.nanoTime() - s);
            }
            out.put("tickAfterP50Ms", TickBench.round(ticks.ms(50)));
        } finally {
            timers.shutdownNow();
        }
        return out;
    }

    /** Counts the ticks that start while {@code measuring}, from the scheduler's own last-tick time (polled every ms). */
    private static void countTicks(io.cloudvoter.agent.schedule.Scheduler scheduler, AtomicBoolean measuring, AtomicLong ticks) {
        var last = scheduler.lastTick();
        while (measuring.get()) {
            var now = scheduler.lastTick();
            if (!now.equals(last)) {
                ticks.incrementAndGet();
                last = now;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static RunLauncher.RunHandle handle(CompletableFuture<RunLauncher.RunResult> result) {
        return new RunLauncher.RunHandle() {
            @Override
            public CompletableFuture<RunLauncher.RunResult> result() {
                return result;
            }

            @Override
            public void abort(String reason) {
            }
        };
    }

    /** The scheduler loops' threads ({@code cloudvoter-scheduler}) alive now. */
    private static java.util.Set<Thread> schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("cloudvoter-scheduler"))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static <T> T await(java.util.function.Supplier<T> value) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            var v = value.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the scheduler loop's thread did not start within 10 s");
    }
}
