package io.cloudvoter.agent.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one reader of the kernel's files: {@code /proc} and the agent's own cgroup v2 directory, for
 * the resource guard, the metrics, the run capacity, the browser's processes and the bench. Both
 * roots can be moved, so tests read a fake tree. Every reader returns null (or empty) when a file
 * is missing, unreadable or not as expected: a process that just exited, a kernel without cgroup v2,
 * a machine that is not Linux. A process is named by its PID or {@code "self"}.
 */
public final class SystemFiles {
    private final Path proc;
    private final Path cgroupRoot;

    public SystemFiles(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    public static SystemFiles host() {
        return new SystemFiles(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /** Machine CPU time in clock ticks since boot: {@code [busy, total]}, from the first line of {@code /proc/stat}. */
    public long[] cpuTimes() {
        var line = firstLine("stat");
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
    public Long[] memory() {
        return new Long[]{kilobytes("meminfo", "MemTotal:"), kilobytes("meminfo", "MemAvailable:")};
    }

    /** A process's proportional set size in bytes: pages it shares with k others count 1/k. */
    public Long pss(String pid) {
        return kilobytes(pid + "/smaps_rollup", "Pss:");
    }

    public Long pss(long pid) {
        return pss(Long.toString(pid));
    }

    /** A field of {@code /proc/PID/status} that the kernel gives in kB ({@code VmRSS}, {@code VmSize}), in bytes. */
    public Long status(String pid, String field) {
        return kilobytes(pid + "/status", field + ":");
    }

    /** How many files a process has open. */
    public Long openFiles(String pid) {
        try (var fds = Files.list(proc.resolve(pid).resolve("fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A process's CPU time in clock ticks, from {@code /proc/PID/stat}: user + system, and with
     * {@code withChildren} also what the children it has already reaped used (ended renderers).
     */
    public Long cpuTicks(String pid, boolean withChildren) {
        var line = firstLine(pid + "/stat");
        if (line == null || line.lastIndexOf(')') < 0) {
            return null;
        }
        // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
        var f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        int count = withChildren ? 4 : 2;
        if (f.length < 11 + count) {
            return null;
        }
        long sum = 0;
        for (int i = 11; i < 11 + count; i++) { // f[0] is the state (field 3), so utime (field 14) is f[11]
            sum += Long.parseLong(f[i]);
        }
        return sum;
    }

    public Long cpuTicks(long pid, boolean withChildren) {
        return cpuTicks(Long.toString(pid), withChildren);
    }

    /** The NUL-separated command line of a process, joined with spaces; null when it is gone or unreadable. */
    public String commandLine(long pid) {
        try {
            var bytes = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The text after {@code key:} on the first line of a {@code /proc} file that starts with it ({@code cpuinfo}, "model name"). */
    public String value(String file, String key) {
        for (var line : lines(proc.resolve(file))) {
            if (line.startsWith(key) && line.indexOf(':') > 0) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    /** The first line of a {@code /proc} file ({@code loadavg}, {@code sys/kernel/osrelease}). */
    public String firstLine(String file) {
        var lines = lines(proc.resolve(file));
        return lines.isEmpty() ? null : lines.getFirst();
    }

    /**
     * The memory limit of the agent's cgroup in bytes: v2 {@code memory.max} of its own cgroup (a
     * systemd unit's {@code MemoryMax}, a container's limit), else the v1 limit; null without one.
     */
    public Long memoryLimit() {
        var dir = cgroupDir();
        if (dir.isPresent()) {
            return cgroupNumber(dir.get(), "memory.max");
        }
        var v1 = cgroupNumber(cgroupRoot.resolve("memory"), "memory.limit_in_bytes");
        var total = memory()[0];
        return v1 == null || (total != null && v1 >= total) ? null : v1; // v1 says "no limit" with a huge number
    }

    /** The agent's own cgroup v2 directory, when the unified hierarchy is mounted at the cgroup root. */
    public Optional<Path> cgroupDir() {
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
    public Long cgroupNumber(Path dir, String file) {
        var lines = lines(dir.resolve(file));
        var line = lines.isEmpty() ? null : lines.getFirst().trim();
        return line == null || !line.matches("\\d+") ? null : Long.parseLong(line);
    }

    /** One key of a flat-keyed cgroup file such as {@code memory.stat} or {@code cpu.stat}. */
    public Long cgroupKey(Path dir, String file, String key) {
        for (var line : lines(dir.resolve(file))) {
            var f = line.split(" ");
            if (f.length == 2 && f[0].equals(key)) {
                return Long.parseLong(f[1]);
            }
        }
        return null;
    }

    /** {@code cpu.max} as a number of CPUs ({@code 50000 100000} is 0.5); null without a quota. */
    public Double cpuQuota(Path dir) {
        var lines = lines(dir.resolve("cpu.max"));
        if (lines.isEmpty()) {
            return null;
        }
        var f = lines.getFirst().trim().split("\\s+");
        if (f.length != 2 || f[0].equals("max")) {
            return null;
        }
        return Double.parseDouble(f[0]) / Double.parseDouble(f[1]);
    }

    private Long kilobytes(String file, String prefix) {
        for (var line : lines(proc.resolve(file))) {
            if (line.startsWith(prefix)) {
                var f = line.substring(prefix.length()).trim().split("\\s+");
                return f.length >= 1 && f[0].matches("\\d+") ? Long.parseLong(f[0]) * 1024 : null;
            }
        }
        return null;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
