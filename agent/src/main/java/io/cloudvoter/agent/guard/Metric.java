package io.cloudvoter.agent.guard;

import io.cloudvoter.model.api.ResourceSample;

import java.util.Locale;

/**
 * What the guard compares with its thresholds, each computed from one {@link ResourceSample}. A
 * metric that cannot be computed from a sample (a field the agent could not read) is skipped.
 */
public enum Metric {
    /** Memory the machine can still give, in bytes; inside a cgroup with a limit, also what is left under it. Lower is worse. */
    AVAILABLE_MEMORY("available-memory", "available memory", false, Unit.BYTES),
    /** The agent's JVM plus the Playwright driver and the whole Chromium tree, PSS in bytes. */
    AGENT_PSS("agent-pss", "agent tree PSS", true, Unit.BYTES),
    /** The cgroup's working set in percent of its {@code memory.max}. */
    CGROUP_MEMORY("cgroup-memory", "cgroup memory", true, Unit.PERCENT),
    /** Machine CPU in percent (all cores = 100), or the cgroup's share of its quota when that is higher. */
    CPU("cpu", "CPU", true, Unit.PERCENT);

    enum Unit { BYTES, PERCENT }

    private final String key;
    private final String words;
    private final boolean higherIsWorse;
    private final Unit unit;

    Metric(String key, String words, boolean higherIsWorse, Unit unit) {
        this.key = key;
        this.words = words;
        this.higherIsWorse = higherIsWorse;
        this.unit = unit;
    }

    /** The config key under {@code cloudvoter.guard}. */
    public String key() {
        return key;
    }

    public String words() {
        return words;
    }

    public boolean higherIsWorse() {
        return higherIsWorse;
    }

    Unit unit() {
        return unit;
    }

    /** This metric's value in {@code s}, or null when {@code s} lacks what it needs. */
    public Double value(ResourceSample s) {
        return switch (this) {
            case AVAILABLE_MEMORY -> available(s);
            case AGENT_PSS -> s.agentPss() == null && s.browserPss() == null ? null
                    : (double) (orZero(s.agentPss()) + orZero(s.browserPss()));
            case CGROUP_MEMORY -> {
                Long used = cgroupUsed(s);
                yield used == null || s.cgroupMemoryMax() == null || s.cgroupMemoryMax() <= 0 ? null
                        : 100.0 * used / s.cgroupMemoryMax();
            }
            case CPU -> max(s.machineCpuPercent(), s.cgroupCpuPercent());
        };
    }

    /** {@code value} is past {@code threshold} in this metric's bad direction (equal is not past). */
    boolean beyond(double value, double threshold) {
        return higherIsWorse ? value > threshold : value < threshold;
    }

    /** The threshold moved back by {@code margin} (a fraction), which a reading must pass to leave a level. */
    double relaxed(double threshold, double margin) {
        return higherIsWorse ? threshold * (1 - margin) : threshold * (1 + margin);
    }

    /** {@code 180 MB}, {@code 91.3%}. */
    String format(double value) {
        return unit == Unit.BYTES ? megabytes(value) : String.format(Locale.ROOT, "%.1f%%", value);
    }

    static String megabytes(double bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / (1024 * 1024));
    }

    private static Double available(ResourceSample s) {
        Double machine = s.machineMemoryAvailable() == null ? null : s.machineMemoryAvailable().doubleValue();
        Long used = cgroupUsed(s);
        Double underLimit = used == null || s.cgroupMemoryMax() == null ? null
                : (double) Math.max(0, s.cgroupMemoryMax() - used);
        if (machine == null) {
            return underLimit;
        }
        return underLimit == null ? machine : Math.min(machine, underLimit);
    }

    private static Long cgroupUsed(ResourceSample s) {
        return s.cgroupWorkingSet() != null ? s.cgroupWorkingSet() : s.cgroupMemoryCurrent();
    }

    private static Double max(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
