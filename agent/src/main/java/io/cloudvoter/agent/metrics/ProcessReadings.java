package io.cloudvoter.agent.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What the process costs, from {@code /proc/self} (Linux) and the JVM; absent readings are left out. */
final class ProcessReadings {
    private ProcessReadings() {
    }

    /** A {@code /proc/self/status} field in bytes (its value is in kB), e.g. {@code VmRSS}. */
    static OptionalLong status(String field) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    var parts = line.substring(field.length() + 1).strip().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return OptionalLong.empty();
    }

    static OptionalLong openFiles() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return OptionalLong.of(fds.count());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** CPU time used by the JVM process, in nanoseconds. */
    static OptionalLong cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
        }
        return OptionalLong.empty();
    }
}
