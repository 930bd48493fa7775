package io.cloudvoter.bench;

import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.api.InstanceSpec;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Instances of one flow on a real agent, added and disabled through the REST API to offer a rate of
 * runs, and one capacity step observed at a time. The offered rate is instances × one run per
 * nominal cycle: the cooldown plus the run's duration on an unloaded agent, measured first.
 */
final class Workload {
    private final AgentProcess agent;
    private final String flow;
    private final String prefix;
    private final Duration cooldown;
    private final Duration flowTimeout;
    private final List<String> active = new ArrayList<>();
    private int created;
    private double unloadedRunMs = Double.NaN;

    Workload(AgentProcess agent, String flow, String prefix, Duration cooldown, Duration flowTimeout) {
        this.agent = agent;
        this.flow = flow;
        this.prefix = prefix;
        this.cooldown = cooldown;
        this.flowTimeout = flowTimeout;
    }

    /**
     * One instance on a 1 s cooldown, alone on the agent: the median duration of its runs after the
     * first (which may start the browser) is the unloaded run duration.
     */
    double calibrate(int runs) {
        var api = agent.api();
        var id = prefix + "-calibration";
        var since = Instant.now().minusSeconds(1);
        api.addInstance(new InstanceSpec(id, flow, Duration.ofSeconds(1), true));
        long deadline = System.nanoTime() + flowTimeout.plusSeconds(3).multipliedBy(runs + 1).toNanos();
        List<RunRecord> done = List.of();
        while (System.nanoTime() < deadline) {
            done = api.runsSince(since).stream().filter(r -> r.instanceId().equals(id) && r.durationMs() != null).toList();
            if (done.size() >= runs + 1) {
                break;
            }
            AgentProcess.pause(200);
        }
        api.disable(id);
        if (done.size() < runs + 1) {
            throw new IllegalStateException("calibration: " + flow + " finished " + done.size() + " of " + (runs + 1) + " runs in time; see " + agent.log());
        }
        var failed = done.stream().filter(r -> r.outcome() != Outcome.SUCCESS).findFirst();
        if (failed.isPresent()) {
            throw new IllegalStateException("calibration: a " + flow + " run ended " + failed.get().outcome() + ": " + failed.get().message());
        }
        unloadedRunMs = Stats.median(done.subList(1, done.size()).stream().map(RunRecord::durationMs).toList());
        return unloadedRunMs;
    }

    double cycleMs() {
        return cooldown.toMillis() + unloadedRunMs;
    }

    /** Instances whose nominal rate is at most {@code perMin} (at least one). */
    int instancesFor(double perMin) {
        return Math.max(1, (int) Math.floor(perMin * cycleMs() / 60_000));
    }

    /** Offers {@code perMin}, waits for the agent to settle, then observes it for {@code window}. */
    Step step(double perMin, Duration window) {
        long guardBefore = guardActions();
        resize(instancesFor(perMin));
        return observe(window, guardBefore);
    }

    private long guardActions() {
        try {
            return LoadMeter.guardActionsAboveNormal(agent.api().metrics());
        } catch (RuntimeException e) {
            return 0; // a figure's side note; the step itself does not depend on it
        }
    }

    /** Climbs as {@code search} says; prints each step as it ends. */
    List<Step> search(CapacitySearch search, Duration window, String label) {
        var steps = new ArrayList<Step>();
        for (var next = search.next(steps); next.isPresent(); next = search.next(steps)) {
            var step = step(next.getAsDouble(), window);
            steps.add(step);
            System.out.println("  " + label + " step: " + step.summary());
        }
        return steps;
    }

    /**
     * New instances are added one by one over a cooldown, so their runs spread over the cycle instead
     * of arriving together; disabled ones leave a backlog behind, so a smaller step waits a cycle.
     */
    private void resize(int instances) {
        var api = agent.api();
        if (instances >= active.size()) {
            int toAdd = instances - active.size();
            long gap = toAdd > 0 ? cooldown.toMillis() / toAdd : 0;
            for (int i = 0; i < toAdd; i++) {
                var id = prefix + "-" + created++;
                api.addInstance(new InstanceSpec(id, flow, cooldown, true));
                active.add(id);
                AgentProcess.pause(gap);
            }
            AgentProcess.pause((long) unloadedRunMs + 2000);
        } else {
            while (active.size() > instances) {
                api.disable(active.removeLast());
            }
            AgentProcess.pause((long) cycleMs() + 2000);
        }
    }

    private Step observe(Duration window, long guardBefore) {
        var peak = new AtomicReference<Map<String, Double>>(Map.of());
        var stop = new AtomicBoolean();
        var meter = LoadMeter.start(agent.pid());
        var sampler = DaemonThreads.start("bench-sampler", () -> {
            while (!stop.get()) {
                var byKind = ProcessTree.pssByKind(agent.pid());
                peak.accumulateAndGet(byKind, (a, b) -> total(b) > total(a) ? b : a);
                meter.sample();
                AgentProcess.pause(250);
            }
        });
        Instant from = Instant.now();
        AgentProcess.pause(window.toMillis());
        Instant to = Instant.now();
        var load = meter.stop();
        long guard = guardActions() - guardBefore;
        stop.set(true);
        try {
            sampler.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<String> ids = new HashSet<>(active);
        long deadline = System.nanoTime() + flowTimeout.plusSeconds(5).toNanos();
        // runs started in the window are read once they have ended (or the deadline has passed)
        while (System.nanoTime() < deadline
               && inWindow(agent.api().runsSince(from), ids, from, to).stream().anyMatch(r -> r.durationMs() == null)) {
            AgentProcess.pause(1000);
        }
        Instant readAt = Instant.now();
        // and the runs before them, for each one's predecessor (lateness, gaps) and what was in flight as the window opened
        var runs = agent.api().runsSince(from.minusMillis(2 * (long) cycleMs()).minusSeconds(60));
        var mine = runs.stream().filter(r -> ids.contains(r.instanceId())).toList();
        var started = inWindow(runs, ids, from, to);
        long nonSuccess = started.stream().filter(r -> r.durationMs() == null || r.outcome() != Outcome.SUCCESS).count();
        var late = Lateness.of(mine, cooldown, from, to);
        var durations = started.stream().map(RunRecord::durationMs).filter(Objects::nonNull).toList();
        double windowMs = Duration.between(from, to).toMillis();
        double offered = active.size() * 60_000 / cycleMs();
        double achieved = Achieved.perMin(mine, ids, from, to);
        Double p99 = late.isEmpty() ? null : Stats.percentile(late, 99);
        return new Step(active.size(), Stats.round1(windowMs / 1000), Stats.round1(offered), Stats.round1(achieved),
                Stats.round1(started.size() * 60_000 / windowMs), started.size(), nonSuccess,
                late.isEmpty() ? null : Stats.percentile(late, 50), p99,
                durations.isEmpty() ? null : Stats.median(durations),
                InFlight.maxOverlap(InFlight.within(runs, from, to, readAt)), Stats.round1(total(peak.get())), rounded(peak.get()), load, guard,
                StepRule.miss(offered, achieved, p99, started.size(), nonSuccess));
    }

    private static double total(Map<String, Double> byKind) {
        return byKind.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Map<String, Double> rounded(Map<String, Double> byKind) {
        var out = new java.util.TreeMap<String, Double>();
        byKind.forEach((kind, mb) -> out.put(kind, Stats.round1(mb)));
        return out;
    }

    private static List<RunRecord> inWindow(List<RunRecord> runs, Set<String> ids, Instant from, Instant to) {
        return runs.stream().filter(r -> ids.contains(r.instanceId()) && !r.startedAt().isBefore(from) && r.startedAt().isBefore(to)).toList();
    }
}
