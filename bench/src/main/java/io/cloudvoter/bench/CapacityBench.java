package io.cloudvoter.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The highest sustained rate of demo runs the agent keeps on schedule, with its default
 * concurrency. A {@link Workload} of demo instances is calibrated, then offered rising rates
 * ({@link CapacitySearch}); each step passes or not by {@link StepRule}, and the figure is the best
 * passing step's achieved rate.
 */
final class CapacityBench {
    /** Long enough that the scheduler's tick (500 ms, a mean of 250 ms late) stays a small part of the 5 % a step may lose. */
    static final Duration COOLDOWN = Duration.ofSeconds(10);

    /**
     * The guard's machine-CPU threshold off, its memory thresholds as shipped. This machine is shared:
     * the CPU threshold (90 % of all cores, whoever uses them) held new runs whenever the neighbours
     * were busy, so a figure would have measured them. Each step records the machine's CPU and the
     * agent tree's share, and how often the guard acted.
     */
    static final String GUARD_CPU_OFF = """
              guard:
                cpu:
                  soft: off
            """;

    /** The seed's workload (three demo instances every 10 s) plus a demo target that lets the bench vote often. */
    static String config(int votesPerMinute) {
        return """
                cloudvoter:
                  demo-votes-per-minute: %d
                """.formatted(votesPerMinute) + GUARD_CPU_OFF;
    }

    private CapacityBench() {
    }

    /** @param quick two steps with windows of two cycles; otherwise up to eight steps of four cycles */
    static void run(AgentProcess agent, boolean quick, Results results) {
        var api = agent.api();
        for (var id : List.of("demo-1", "demo-2", "demo-3")) {
            api.disable(id); // the seed's workload served the API benchmark; from here on only cap-* instances run
        }
        var work = new Workload(agent, "demo-vote", "cap", COOLDOWN, Duration.ofSeconds(20));
        double runMs = work.calibrate(4);
        double serial = 60_000 / runMs;
        var search = quick ? new CapacitySearch(serial, 1.3, 3 * serial, 2) : new CapacitySearch(0.8 * serial, 1.2, 3 * serial, 8);
        var window = Duration.ofMillis((long) (work.cycleMs() * (quick ? 2 : 4)));
        var steps = work.search(search, window, "capacity");
        var note = "demo runs, cooldown " + COOLDOWN.toSeconds() + " s, unloaded run " + Math.round(runMs) + " ms, "
                   + window.toSeconds() + " s windows; steps: " + brief(steps);
        var best = StepRule.best(steps);
        if (best.isEmpty()) {
            results.put("capacityRunsPerMin", 0.0, "runs/min", ">= 300", "no step passed; " + note);
            results.put("latenessP99Ms", steps.isEmpty() ? null : steps.getFirst().latenessP99Ms(), "ms", "<= 5000", "at the first step");
            results.put("peakPssAtCapacityMb", steps.isEmpty() ? null : steps.getFirst().peakPssMb(), "MB", "<= 600", "at the first step");
        } else {
            var b = best.get();
            results.put("capacityRunsPerMin", b.achievedPerMin(), "runs/min", ">= 300",
                    b.instances() + " instances; at a 30-minute cooldown that is " + Math.round(b.achievedPerMin() * 30) + " instances; " + note);
            results.put("latenessP99Ms", b.latenessP99Ms(), "ms", "<= 5000", "how late runs started at that rate, p99 (p50 "
                    + Math.round(b.latenessP50Ms()) + " ms)");
            results.put("peakPssAtCapacityMb", b.peakPssMb(), "MB", "<= 600", "whole agent tree, sampled every 250 ms");
        }
        var d = new LinkedHashMap<String, Object>();
        d.put("cooldownS", COOLDOWN.toSeconds());
        d.put("unloadedRunMs", Stats.round1(runMs));
        d.put("windowS", window.toMillis() / 1000.0);
        d.put("steps", steps);
        results.detail("capacity", d);
    }

    /** Each step as "offered→achieved/min p99 …", a miss marked ✗; says so when no step missed (the capacity may be higher). */
    static String brief(List<Step> steps) {
        return steps.stream().map(s -> Math.round(s.offeredPerMin()) + "→" + Math.round(s.achievedPerMin()) + "/min p99 "
                                       + (s.latenessP99Ms() == null ? "-" : Math.round(s.latenessP99Ms()) + " ms")
                                       + (s.passed() ? "" : " ✗")).toList()
               + (!steps.isEmpty() && steps.stream().allMatch(Step::passed) ? " (every step passed: the capacity may be higher)" : "");
    }
}
