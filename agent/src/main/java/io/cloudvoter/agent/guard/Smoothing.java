package io.cloudvoter.agent.guard;

import io.cloudvoter.model.api.ResourceSample;

/**
 * Exponential moving average over samples. CPU is smoothed both ways: a page load's burst should
 * not hold runs. Memory rises at once (it does not spike and vanish the way CPU does, and the guard
 * must see it before the machine runs out) and is smoothed only on the way down, so a freshly
 * recycled browser does not make the guard admit runs on the first low reading.
 */
final class Smoothing {
    private final double alpha;
    private ResourceSample last;

    /** @param alpha the newest reading's weight, in (0, 1]; 1 is no smoothing */
    Smoothing(double alpha) {
        this.alpha = alpha;
    }

    synchronized ResourceSample apply(ResourceSample raw) {
        var p = last;
        var s = p == null ? raw : new ResourceSample(raw.time(),
                ema(p.machineCpuPercent(), raw.machineCpuPercent()),
                raw.machineMemoryTotal(),
                down(p.machineMemoryAvailable(), raw.machineMemoryAvailable()),
                ema(p.agentCpuPercent(), raw.agentCpuPercent()),
                up(p.agentPss(), raw.agentPss()),
                up(p.browserPss(), raw.browserPss()),
                raw.browserProcesses(),
                up(p.cgroupMemoryCurrent(), raw.cgroupMemoryCurrent()),
                raw.cgroupMemoryMax(),
                up(p.cgroupWorkingSet(), raw.cgroupWorkingSet()),
                ema(p.cgroupCpuPercent(), raw.cgroupCpuPercent()));
        last = s;
        return s;
    }

    private Double ema(Double previous, Double now) {
        if (now == null || previous == null) {
            return now;
        }
        return alpha * now + (1 - alpha) * previous;
    }

    /** Higher is worse: take a rise at once, ease a fall. */
    private Long up(Long previous, Long now) {
        if (now == null || previous == null || now >= previous) {
            return now;
        }
        return Math.round(alpha * now + (1 - alpha) * previous);
    }

    /** Lower is worse (available memory): take a fall at once, ease a rise. */
    private Long down(Long previous, Long now) {
        if (now == null || previous == null || now <= previous) {
            return now;
        }
        return Math.round(alpha * now + (1 - alpha) * previous);
    }
}
