package io.cloudvoter.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One step of a capacity search: a number of instances held for a window, what they were offered to
 * do and what they did. Null fields could not be measured (no run had a predecessor, none finished).
 *
 * @param offeredPerMin  instances × one run per nominal cycle (cooldown + the unloaded run duration)
 * @param achievedPerMin what the instances did: Σ 60 000 / (their mean gap between consecutive starts)
 * @param startsPerMin   runs started in the window per minute (the same, but with a short window's counting noise)
 * @param runs           runs started in the window
 * @param nonSuccess     of those, the ones that ended other than SUCCESS or had not ended when the step was read
 * @param maxInFlight    the most runs in flight at once in the window (from the runs' starts and durations)
 * @param peakPssMb      the agent tree's PSS at its highest sample in the window
 * @param peakPssByKind  that sample by kind of process (java, driver, browser, gpu, network, renderer…), MB
 * @param load           machine CPU and the agent tree's cores over the window, and its CPU by kind of process
 * @param guardActions   resource guard actions above NORMAL (e.g. hold-new-runs) from the step's start to its window's end
 * @param miss           why the step did not pass; null when it passed
 */
public record Step(int instances, double windowS, double offeredPerMin, double achievedPerMin, double startsPerMin,
                   long runs, long nonSuccess, Double latenessP50Ms, Double latenessP99Ms, Double runP50Ms,
                   int maxInFlight, double peakPssMb, Map<String, Double> peakPssByKind, LoadMeter.Load load, long guardActions, String miss) {

    @JsonProperty("passed")
    public boolean passed() {
        return miss == null;
    }

    /**
     * The agent tree's CPU over the window by kind of process, divided by the runs started in it, ms: where a
     * run's CPU goes (only roughly a run's own: runs straddle the window's edges).
     */
    @JsonProperty("cpuMsPerRunByKind")
    public Map<String, Double> cpuMsPerRunByKind() {
        if (load == null || runs == 0) {
            return Map.of();
        }
        var perRun = new java.util.TreeMap<String, Double>();
        load.cpuMsByKind().forEach((kind, ms) -> perRun.put(kind, Stats.round1((double) ms / runs)));
        return perRun;
    }

    /** One line for the console and the figure's note. */
    public String summary() {
        return ("%d instances, offered %.0f/min, achieved %.0f/min, lateness p99 %s, %d of %d not SUCCESS, %d in flight at most, "
                + "peak %.0f MB, run p50 %s; machine CPU %.0f %%, agent %.2f cores%s%s%s")
                .formatted(instances, offeredPerMin, achievedPerMin, latenessP99Ms == null ? "-" : Math.round(latenessP99Ms) + " ms",
                        nonSuccess, runs, maxInFlight, peakPssMb, runP50Ms == null ? "-" : Math.round(runP50Ms) + " ms",
                        load == null ? Double.NaN : load.machineCpuPercent(), load == null ? Double.NaN : load.agentCores(),
                        load == null || runs == 0 ? "" : " (%.0f ms a run)".formatted(
                                load.cpuMsByKind().values().stream().mapToLong(Long::longValue).sum() / (double) runs),
                        guardActions > 0 ? ", " + guardActions + " guard actions" : "", passed() ? "" : " (missed: " + miss + ")");
    }
}
