package io.cloudvoter.bench;

import io.cloudvoter.agent.proc.SystemFiles;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * How busy the machine and the agent's tree were over a window. On a machine shared with other
 * work, a capacity step that missed because the neighbours took the CPU should say so. The tree's
 * CPU is tallied per process from samples ({@link #sample()}, every 250 ms with the PSS): a
 * process that ends loses at most its last interval, and a recycled browser does not take its
 * whole past out of the sum. The same tally is kept by kind of process (java, driver, browser,
 * renderer…), which says where a run's CPU goes (docs/ENGINE.md, "CPU: the wall behind memory").
 */
final class LoadMeter {
    private final long pid;
    private final long[] machineStart;
    private final long startNanos;
    private final CpuTally tally;

    private LoadMeter(long pid) {
        this.pid = pid;
        this.machineStart = machineJiffies();
        this.startNanos = System.nanoTime();
        this.tally = new CpuTally(ProcessTree.ownCpuMillis(pid), p -> ProcessTree.kind(ProcessTree.commandLine(p)));
    }

    static LoadMeter start(long agentPid) {
        return new LoadMeter(agentPid);
    }

    /**
     * @param machineCpuPercent all cores busy = 100
     * @param agentCores        CPU time of the agent's tree per wall time
     * @param cpuMsByKind       the tree's CPU time over the window by kind of process, ms
     */
    record Load(double machineCpuPercent, double agentCores, Map<String, Long> cpuMsByKind) {
        Load {
            cpuMsByKind = cpuMsByKind == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(cpuMsByKind));
        }
    }

    synchronized void sample() {
        tally.add(ProcessTree.ownCpuMillis(pid));
    }

    synchronized Load stop() {
        sample();
        var end = machineJiffies();
        double wallMs = (System.nanoTime() - startNanos) / 1e6;
        long total = end[1] - machineStart[1];
        double machine = total <= 0 ? Double.NaN : 100.0 * (end[0] - machineStart[0]) / total;
        return new Load(Stats.round1(machine), Math.round(tally.total() / wallMs * 100) / 100.0, tally.byKind());
    }

    /** CPU ms used since a baseline, from successive readings of each process's own CPU time, in all and by kind. */
    static final class CpuTally {
        private final Map<Long, Long> last;
        private final LongFunction<String> kindOf;
        private final Map<Long, String> kinds = new HashMap<>();
        private final Map<String, Long> byKind = new HashMap<>();
        private long total;

        /** @param kindOf what a process is, asked once per PID (a PID is not reused within a window) */
        CpuTally(Map<Long, Long> baseline, LongFunction<String> kindOf) {
            this.last = new HashMap<>(baseline);
            this.kindOf = kindOf;
        }

        /** A process not seen before started after the baseline: all its time counts. */
        void add(Map<Long, Long> reading) {
            reading.forEach((pid, ms) -> {
                long used = Math.max(0, ms - last.getOrDefault(pid, 0L));
                total += used;
                if (used > 0) {
                    byKind.merge(kinds.computeIfAbsent(pid, kindOf::apply), used, Long::sum);
                }
                last.put(pid, ms);
            });
        }

        long total() {
            return total;
        }

        Map<String, Long> byKind() {
            return Map.copyOf(byKind);
        }
    }

    /** {busy, total} jiffies of the machine; idle and iowait are not busy. */
    private static long[] machineJiffies() {
        var times = SystemFiles.host().cpuTimes();
        return times == null ? new long[]{0, 0} : times;
    }

    /** Resource guard actions that moved it above NORMAL, from the agent's /metrics text. */
    static long guardActionsAboveNormal(String metrics) {
        return metrics.lines()
                .filter(l -> l.startsWith("cloudvoter_guard_actions_total{") && !l.toLowerCase().contains("level=\"normal\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
