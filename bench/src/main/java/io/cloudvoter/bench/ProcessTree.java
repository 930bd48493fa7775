package io.cloudvoter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try {
            return parsePssKb(Files.readString(Path.of("/proc", Long.toString(pid), "smaps_rollup")));
        } catch (IOException | RuntimeException e) {
            return 0; // ended in between, or not ours to read
        }
    }

    /** The {@code Pss:} line of a {@code smaps_rollup} file, in kB. */
    static long parsePssKb(String smapsRollup) {
        for (var line : smapsRollup.split("\n")) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).replace("kB", "").trim());
            }
        }
        throw new IllegalArgumentException("no Pss line in smaps_rollup");
    }

    static long cpuTicks(long pid) {
        try {
            return parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime + cutime + cstime of a {@code /proc/PID/stat} line (the command may contain spaces and parentheses). */
    static long parseCpuTicks(String stat) {
        return sumOfFields(stat, 4);
    }

    /** utime + stime only: the process's own CPU, without the children it has reaped. */
    static long parseOwnCpuTicks(String stat) {
        return sumOfFields(stat, 2);
    }

    private static long sumOfFields(String stat, int count) {
        var fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is the state (field 3 of stat), so utime (field 14) is fields[11]
        long sum = 0;
        for (int i = 11; i < 11 + count; i++) {
            sum += Long.parseLong(fields[i]);
        }
        return sum;
    }

    /**
     * Each live member's own CPU so far, in ms, by PID. Summing {@link #cpuMillis} over a window goes
     * wrong when a browser is recycled (its whole tree's time leaves the sum); per-PID deltas do not.
     */
    public static Map<Long, Long> ownCpuMillis(long rootPid) {
        var byPid = new java.util.HashMap<Long, Long>();
        for (var p : members(rootPid)) {
            try {
                byPid.put(p.pid(), parseOwnCpuTicks(Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"))) * MILLIS_PER_TICK);
            } catch (IOException | RuntimeException e) {
                // ended in between
            }
        }
        return byPid;
    }

    static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
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
                return cmd.contains("NetworkService") ? "network" : "utility";
            }
            return t.equals("gpu-process") ? "gpu" : t;
        }
        return cmd.contains("chrom") ? "browser" : "other";
    }
}
