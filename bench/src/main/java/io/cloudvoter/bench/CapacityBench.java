package io.cloudvoter.bench;

import io.cloudvoter.model.api.InstanceSpec;
import io.cloudvoter.model.api.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The highest sustained rate of demo runs the agent keeps on schedule. Instances are added through
 * the REST API in steps of rising offered rate; each step is ramped (adds spread over one cooldown
 * so the runs spread out), settled, then observed for a window: the rate achieved, how late runs
 * started (p99), failures, and the tree's peak PSS. A step passes with p99 lateness ≤ 5 s and at
 * most 2 % of runs not successful; the capacity is the rate of the last passing step.
 */
final class CapacityBench {
    static final long MAX_LATENESS_P99_MS = 5000;

    /** The seed's workload (three demo instances every 10 s) plus a demo target that lets the bench vote often. */
    static String config(int votesPerMinute) {
        return """
                cloudvoter:
                  demo-votes-per-minute: %d
                """.formatted(votesPerMinute);
    }

    record Step(int instances, double offeredPerMin, double achievedPerMin, long runs, long failures,
                double latenessP50Ms, double latenessP99Ms, double peakPssMb, boolean passed) {
    }

    private CapacityBench() {
    }

    static void run(AgentProcess agent, Duration cooldown, Duration window, double msPerRunGuess, List<Double> plan,
                    Results results) {
        var api = agent.api();
        for (var id : List.of("demo-1", "demo-2", "demo-3")) {
            api.disable(id); // the seed's workload served the API benchmark; from here on only cap-* instances run
        }
        double serialPerMin = 60_000 / msPerRunGuess;
        var steps = new ArrayList<Step>();
        int added = 0;
        Step best = null;
        for (double factor : plan) {
            double offered = serialPerMin * factor;
            int instances = (int) Math.ceil(offered / 60.0 * (cooldown.toMillis() + msPerRunGuess) / 1000.0);
            int toAdd = instances - added;
            long gap = toAdd > 0 ? cooldown.toMillis() / toAdd : 0;
            for (int i = 0; i < toAdd; i++) {
                api.addInstance(new InstanceSpec("cap-" + (added + i), "demo-vote", cooldown, true));
                AgentProcess.pause(gap);
            }
            added = instances;
            AgentProcess.pause(cooldown.toMillis() + 3000);
            var step = observe(agent, instances, offered, cooldown, window);
            steps.add(step);
            System.out.printf("  capacity step: %d instances, offered %.0f/min, achieved %.0f/min, lateness p99 %.0f ms, %d failures, peak %.0f MB%s%n",
                    step.instances(), step.offeredPerMin(), step.achievedPerMin(), step.latenessP99Ms(), step.failures(), step.peakPssMb(),
                    step.passed() ? "" : " (missed)");
            if (!step.passed()) {
                break;
            }
            best = step;
        }
        var note = "demo runs, cooldown " + cooldown.toSeconds() + " s, " + window.toSeconds() + " s windows; steps: "
                   + steps.stream().map(s -> Math.round(s.achievedPerMin()) + "/min p99 " + Math.round(s.latenessP99Ms()) + " ms"
                                             + (s.passed() ? "" : " ✗")).toList();
        if (best == null) {
            results.put("capacityRunsPerMin", 0.0, "runs/min", ">= 300", "no step kept runs on schedule; " + note);
            results.put("latenessP99Ms", steps.isEmpty() ? null : steps.getFirst().latenessP99Ms(), "ms", "<= 5000", "at the first step");
            results.put("peakPssAtCapacityMb", steps.isEmpty() ? null : steps.getFirst().peakPssMb(), "MB", "<= 600", "at the first step");
        } else {
            results.put("capacityRunsPerMin", best.achievedPerMin(), "runs/min", ">= 300",
                    best.instances() + " instances; at a 30-minute cooldown that is " + Math.round(best.achievedPerMin() * 30) + " instances; " + note);
            results.put("latenessP99Ms", best.latenessP99Ms(), "ms", "<= 5000", "how late runs started at that rate, p99 (p50 "
                    + Math.round(best.latenessP50Ms()) + " ms)");
            results.put("peakPssAtCapacityMb", best.peakPssMb(), "MB", "<= 600", "whole agent tree, sampled every 250 ms");
        }
        var d = new LinkedHashMap<String, Object>();
        d.put("cooldownS", cooldown.toSeconds());
        d.put("windowS", window.toSeconds());
        d.put("steps", steps);
        results.detail("capacity", d);
    }

    private static Step observe(AgentProcess agent, int instances, double offered, Duration cooldown, Duration window) {
        var peak = new double[1];
        var stop = new AtomicBoolean();
        var sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                peak[0] = Math.max(peak[0], agent.pssMb());
                AgentProcess.pause(250);
            }
        });
        Instant from = Instant.now();
        AgentProcess.pause(window.toMillis());
        Instant to = Instant.now();
        stop.set(true);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var runs = agent.api().runsSince(from.minus(cooldown).minusSeconds(10)).stream()
                .filter(r -> r.instanceId().startsWith("cap-")).toList();
        var inWindow = runs.stream().filter(r -> !r.startedAt().isBefore(from) && r.startedAt().isBefore(to)).toList();
        long failures = inWindow.stream().filter(r -> r.durationMs() != null && r.outcome() != Outcome.SUCCESS).count();
        var late = Lateness.of(runs, cooldown, from, to);
        double achieved = inWindow.size() * 60_000.0 / Duration.between(from, to).toMillis();
        double p99 = late.isEmpty() ? Double.NaN : Stats.percentile(late, 99);
        boolean passed = !late.isEmpty() && p99 <= MAX_LATENESS_P99_MS && failures <= Math.max(1, inWindow.size() / 50);
        return new Step(instances, Stats.round1(offered), Stats.round1(achieved), inWindow.size(), failures,
                late.isEmpty() ? Double.NaN : Stats.percentile(late, 50), p99, Stats.round1(peak[0]), passed);
    }

}
