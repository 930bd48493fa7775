package io.cloudvoter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine and the agent's tree were over a window. On a machine shared with other
 * work, a capacity step that missed because the neighbours took the CPU (or because the agent's
 * guard then held new runs) should say so.
 */
final class LoadMeter {
    private final long pid;
    private final long[] machineStart;
    private final long treeStartMs;
    private final long startNanos;

    private LoadMeter(long pid) {
        this.pid = pid;
        this.machineStart = machineJiffies();
        this.treeStartMs = ProcessTree.cpuMillis(pid);
        this.startNanos = System.nanoTime();
    }

    static LoadMeter start(long agentPid) {
        return new LoadMeter(agentPid);
    }

    /** @param machineCpuPercent all cores busy = 100; @param agentCores CPU time of the agent's tree per wall time */
    record Load(double machineCpuPercent, double agentCores) {
    }

    Load stop() {
        var end = machineJiffies();
        double wallMs = (System.nanoTime() - startNanos) / 1e6;
        long total = end[1] - machineStart[1];
        double machine = total <= 0 ? Double.NaN : 100.0 * (end[0] - machineStart[0]) / total;
        double cores = (ProcessTree.cpuMillis(pid) - treeStartMs) / wallMs;
        return new Load(Stats.round1(machine), Math.round(cores * 100) / 100.0);
    }

    private static long[] machineJiffies() {
        try {
            return busyAndTotal(Files.readString(Path.of("/proc/stat")));
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    /** {busy, total} jiffies from the first ({@code cpu }) line of /proc/stat; idle and iowait are not busy. */
    static long[] busyAndTotal(String procStat) {
        var f = procStat.lines().filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[]{total - idle, total};
    }

    /** Resource guard actions that moved it above NORMAL, from the agent's /metrics text. */
    static long guardActionsAboveNormal(String metrics) {
        return metrics.lines()
                .filter(l -> l.startsWith("cloudvoter_guard_actions_total{") && !l.toLowerCase().contains("level=\"normal\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
