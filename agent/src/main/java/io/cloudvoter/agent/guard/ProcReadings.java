package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.proc.SystemFiles;
import io.cloudvoter.model.api.ResourceSample;

import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads the real machine: {@code /proc/stat} and {@code /proc/meminfo} for the machine, the JVM's
 * own {@code /proc/self}, the browser tree's {@code smaps_rollup} (PSS, so pages shared between
 * Chromium's processes count once), and, when the agent runs in a cgroup v2 (a systemd unit, a
 * container), its {@code memory.current}, {@code memory.max}, {@code memory.stat}, {@code cpu.stat}
 * and {@code cpu.max}. CPU figures are deltas since the previous reading, so the first one has none.
 */
public final class ProcReadings implements ResourceReadings {
    private final SystemFiles files;
    private final Supplier<List<Long>> browserPids;
    private final Clock clock;
    private final LongSupplier nanos;
    private long[] lastCpu;
    private Long lastSelfTicks;
    private Long lastCgroupUsage;
    private long lastNanos;

    /** @param browserPids the Playwright driver and every Chromium process under it, now */
    public ProcReadings(Supplier<List<Long>> browserPids, Clock clock) {
        this(SystemFiles.host(), browserPids, clock, System::nanoTime);
    }

    ProcReadings(SystemFiles files, Supplier<List<Long>> browserPids, Clock clock, LongSupplier nanos) {
        this.files = files;
        this.browserPids = browserPids;
        this.clock = clock;
        this.nanos = nanos;
    }

    @Override
    public synchronized ResourceSample read() {
        long now = nanos.getAsLong();
        long[] cpu = safe(files::cpuTimes);
        Long selfTicks = safe(() -> files.cpuTicks("self", false));
        Double machineCpu = null;
        Double agentCpu = null;
        if (cpu != null && lastCpu != null && cpu[1] > lastCpu[1]) {
            double total = cpu[1] - lastCpu[1];
            machineCpu = clampPercent(100.0 * (cpu[0] - lastCpu[0]) / total);
            if (selfTicks != null && lastSelfTicks != null) {
                // Both count clock ticks, and the machine's total covers every core: a share of the whole machine.
                agentCpu = clampPercent(100.0 * (selfTicks - lastSelfTicks) / total);
            }
        }
        Long[] memory = safe(files::memory);
        Long agentPss = safe(() -> files.pss("self"));
        var pids = browserPids.get();
        long browserPss = 0;
        int counted = 0;
        for (long pid : pids) {
            Long pss = safe(() -> files.pss(Long.toString(pid)));
            if (pss != null) {
                browserPss += pss;
                counted++;
            }
        }
        Long current = null;
        Long max = null;
        Long workingSet = null;
        Double cgroupCpu = null;
        var dir = safe(() -> files.cgroupDir().orElse(null));
        if (dir != null) {
            current = safe(() -> files.cgroupNumber(dir, "memory.current"));
            max = safe(() -> files.cgroupNumber(dir, "memory.max"));
            Long inactiveFile = safe(() -> files.cgroupKey(dir, "memory.stat", "inactive_file"));
            workingSet = current == null ? null : Math.max(0, current - (inactiveFile == null ? 0 : inactiveFile));
            Long usage = safe(() -> files.cgroupKey(dir, "cpu.stat", "usage_usec"));
            Double quota = safe(() -> files.cpuQuota(dir));
            if (usage != null && lastCgroupUsage != null && quota != null && now > lastNanos) {
                double wallMicros = (now - lastNanos) / 1_000.0;
                cgroupCpu = clampPercent(100.0 * (usage - lastCgroupUsage) / (wallMicros * quota));
            }
            lastCgroupUsage = usage;
        }
        lastCpu = cpu;
        lastSelfTicks = selfTicks;
        lastNanos = now;
        return new ResourceSample(clock.instant(), machineCpu, memory == null ? null : memory[0],
                memory == null ? null : memory[1], agentCpu, agentPss, browserPss,
                counted, current, max, workingSet, cgroupCpu);
    }

    private static Double clampPercent(double p) {
        return Math.max(0, Math.min(100, p));
    }

    private static <T> T safe(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return null; // a malformed or vanished file is a missing reading, never a failed sample
        }
    }
}
