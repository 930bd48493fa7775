package io.cloudvoter.bench;

import io.cloudvoter.agent.proc.SystemFiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Memory and CPU of a process and everything under it, read from {@code /proc}. PSS, not RSS: a page
 * shared by k processes counts 1/k in each, so a tree's PSS is what it really costs the machine.
 */
public final class ProcessTree {
    /** Linux reports CPU times in clock ticks of 1/100 s on every mainstream kernel configuration. */
    private static final long MILLIS_PER_TICK = 10;
    private static final SystemFiles FILES = SystemFiles.host();

    private ProcessTree() {
    }

    /** The root and its live descendants. */
    public static List<ProcessHandle> members(long rootPid) {
        var all = new ArrayList<ProcessHandle>();
        ProcessHandle.of(rootPid).ifPresent(root -> {
            all.add(root);
            root.descendants().forEach(all::add);
        });
        return all;
    }

    /** The tree's PSS in MB; 0 when the root is gone. Processes that end while being read are skipped. */
    public static double pssMb(long rootPid) {
        long kb = 0;
        for (var p : members(rootPid)) {
            kb += pssKb(p.pid());
        }
        return kb / 1024.0;
    }

    /** PSS in MB by kind of process (java, driver, browser, renderer, gpu, network, ...). */
    public static Map<String, Double> pssByKind(long rootPid) {
        var byKind = new TreeMap<String, Double>();
        for (var p : members(rootPid)) {
            byKind.merge(kind(commandLine(p.pid())), pssKb(p.pid()) / 1024.0, Double::sum);
        }
        return byKind;
    }

    /** CPU time used by the tree so far, in ms, including children it has already reaped (ended renderers). */
    public static long cpuMillis(long rootPid) {
        long ticks = 0;
        for (var p : members(rootPid)) {
            ticks += cpuTicks(p.pid());
        }
        return ticks * MILLIS_PER_TICK;
    }

    static long pssKb(long pid) {
        var bytes = FILES.pss(pid);
        return bytes == null ? 0 : bytes / 1024; // ended in between, or not ours to read
    }

    static long cpuTicks(long pid) {
        var ticks = FILES.cpuTicks(pid, true);
        return ticks == null ? 0 : ticks;
    }

    /**
     * Each live member's own CPU so far, in ms, by PID. Summing {@link #cpuMillis} over a window goes
     * wrong when a browser is recycled (its whole tree's time leaves the sum); per-PID deltas do not.
     */
    public static Map<Long, Long> ownCpuMillis(long rootPid) {
        var byPid = new java.util.HashMap<Long, Long>();
        for (var p : members(rootPid)) {
            var ticks = FILES.cpuTicks(p.pid(), false);
            if (ticks != null) { // else ended in between
                byPid.put(p.pid(), ticks * MILLIS_PER_TICK);
            }
        }
        return byPid;
    }

    static String commandLine(long pid) {
        var cmd = FILES.commandLine(pid);
        return cmd == null ? "" : cmd;
    }

    /** What a process is, from its command line. */
    static String kind(String cmd) {
        if (cmd.contains("/node ") || cmd.endsWith("/node") || cmd.contains("run-driver")) {
            return "driver";
        }
        if (cmd.contains("/java ") || cmd.startsWith("java ")) {
            return "java";
        }
        int type = cmd.indexOf("--type=");
        if (type >= 0) {
            var t = cmd.substring(type + 7).split(" ")[0];
            if (t.equals("utility")) {
                return cmd.contains("--utility-sub-type=network.mojom.NetworkService") ? "network" : "utility"; // not the feature NetworkServiceInProcess2
            }
            return t.equals("gpu-process") ? "gpu" : t;
        }
        return cmd.contains("chrom") ? "browser" : "other";
    }
}
