package io.cloudvoter.agent.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The few kernel files the sampler reads: {@code /proc} and the agent's own cgroup v2 directory.
 * Both roots can be moved, so tests read a fake tree. Every reader returns null (or empty) when a
 * file is missing or unreadable: a process that just exited, a kernel without cgroup v2.
 */
final class SystemFiles {
    private final Path proc;
    private final Path cgroupRoot;

    SystemFiles(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    static SystemFiles host() {
        return new SystemFiles(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /** Machine CPU time in clock ticks since boot: {@code [busy, total]}, from the first line of {@code /proc/stat}. */
    long[] cpuTimes() {
        var line = firstLine(proc.resolve("stat"));
        if (line == null || !line.startsWith("cpu ")) {
            return null;
        }
        var f = line.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new long[]{total - idle, total};
    }

    /** {@code MemTotal} and {@code MemAvailable} in bytes (either may be null). */
    Long[] memory() {
        Long total = null;
        Long available = null;
        for (var line : lines(proc.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                total = kilobytes(line);
            } else if (line.startsWith("MemAvailable:")) {
                available = kilobytes(line);
            }
        }
        return new Long[]{total, available};
    }

    /** A process's proportional set size in bytes; {@code pid} may be {@code "self"}. */
    Long pss(String pid) {
        for (var line : lines(proc.resolve(pid).resolve("smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return kilobytes(line);
            }
        }
        return null;
    }

    /** A process's user + system CPU time in clock ticks, from {@code /proc/PID/stat}. */
    Long cpuTicks(String pid) {
        var line = firstLine(proc.resolve(pid).resolve("stat"));
        if (line == null) {
            return null;
        }
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        var f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return f.length > 12 ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : null;
    }

    /** The agent's own cgroup v2 directory, when the unified hierarchy is mounted at the cgroup root. */
    Optional<Path> cgroupDir() {
        if (!Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
            return Optional.empty();
        }
        for (var line : lines(proc.resolve("self/cgroup"))) {
            if (line.startsWith("0::")) {
                var relative = line.substring(3).replaceFirst("^/+", "");
                var dir = relative.isEmpty() ? cgroupRoot : cgroupRoot.resolve(relative);
                return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A one-number cgroup file such as {@code memory.current}; null for {@code max} (no limit) or when missing. */
    Long cgroupNumber(Path dir, String file) {
        var line = firstLine(dir.resolve(file));
        if (line == null || line.isBlank() || line.trim().equals("max")) {
            return null;
        }
        return Long.parseLong(line.trim());
    }

    /** One key of a flat-keyed cgroup file such as {@code memory.stat} or {@code cpu.stat}. */
    Long cgroupKey(Path dir, String file, String key) {
        for (var line : lines(dir.resolve(file))) {
            var f = line.split(" ");
            if (f.length == 2 && f[0].equals(key)) {
                return Long.parseLong(f[1]);
            }
        }
        return null;
    }

    /** {@code cpu.max} as a number of CPUs ({@code 50000 100000} is 0.5); null without a quota. */
    Double cpuQuota(Path dir) {
        var line = firstLine(dir.resolve("cpu.max"));
        if (line == null) {
            return null;
        }
        var f = line.trim().split("\\s+");
        if (f.length != 2 || f[0].equals("max")) {
            return null;
        }
        return Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
    }

    private static Long kilobytes(String line) {
        var f = line.trim().split("\\s+");
        return f.length >= 2 ? Long.parseLong(f[1]) * 1024 : null;
    }

    private static String firstLine(Path file) {
        var lines = lines(file);
        return lines.isEmpty() ? null : lines.getFirst();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
