package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.config.SectionReader;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The resource guard's settings ({@code cloudvoter.guard}). Defaults suit a 1 GB droplet; every key
 * is documented in {@code agent.yaml}.
 *
 * @param sampleInterval how often resources are read (and the browser's liveness checked)
 * @param smoothing      EMA factor in (0, 1]: the weight of the newest reading; 1 means no smoothing
 * @param hysteresis     how far (a fraction of the threshold) a reading must come back before a level is left
 * @param drainTimeout   at the hard level, how long in-flight runs may go on before they are interrupted for the recycle
 * @param stopGrace      at the critical level, how long in-flight runs get before the agent exits
 * @param history        how much sample history is kept for the desktop's charts
 */
public record GuardSettings(boolean enabled,
                            Duration sampleInterval,
                            double smoothing,
                            double hysteresis,
                            Map<Metric, Thresholds> thresholds,
                            Duration drainTimeout,
                            Duration stopGrace,
                            Duration history) {
    static final long MB = 1024 * 1024;

    public GuardSettings {
        var copy = new EnumMap<Metric, Thresholds>(Metric.class);
        for (var m : Metric.values()) {
            copy.put(m, thresholds.getOrDefault(m, Thresholds.OFF));
        }
        thresholds = Map.copyOf(copy);
    }

    public Thresholds of(Metric metric) {
        return thresholds.get(metric);
    }

    /** The built-in defaults (the same as {@code agent.yaml}). */
    public static Map<Metric, Thresholds> defaultThresholds() {
        return Map.of(
                Metric.AVAILABLE_MEMORY, new Thresholds(200.0 * MB, 120.0 * MB, 50.0 * MB),
                Metric.AGENT_PSS, new Thresholds(650.0 * MB, 800.0 * MB, null),
                Metric.CGROUP_MEMORY, new Thresholds(80.0, 90.0, 97.0),
                Metric.CPU, new Thresholds(90.0, null, null));
    }

    /** Reads {@code cloudvoter.guard}; wrong values go to the reader's problem list. */
    public static GuardSettings read(SectionReader guard) {
        boolean enabled = guard.bool("enabled", true);
        var interval = guard.duration("sample-interval", Duration.ofSeconds(5), Duration.ofMillis(100), false);
        double smoothing = guard.number("smoothing", 0.3, 1.0);
        double hysteresis = guard.percent("hysteresis", 10.0, 90.0).orElse(0.0) / 100;
        var defaults = defaultThresholds();
        var thresholds = new EnumMap<Metric, Thresholds>(Metric.class);
        for (var metric : Metric.values()) {
            thresholds.put(metric, thresholds(guard.section(metric.key()), metric, defaults.get(metric)));
        }
        var drain = guard.duration("drain-timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), false);
        var stopGrace = guard.duration("stop-grace", Duration.ofSeconds(5), Duration.ZERO, false);
        var history = guard.duration("history", Duration.ofMinutes(15), Duration.ZERO, false);
        return new GuardSettings(enabled, interval, smoothing, hysteresis, thresholds, drain, stopGrace, history);
    }

    private static Thresholds thresholds(SectionReader s, Metric metric, Thresholds fallback) {
        Double[] values = new Double[3];
        GuardLevel[] levels = {GuardLevel.SOFT, GuardLevel.HARD, GuardLevel.CRITICAL};
        for (int i = 0; i < 3; i++) {
            var key = levels[i].key();
            values[i] = (metric.unit() == Metric.Unit.BYTES
                    ? s.size(key, fallback.at(levels[i]))
                    : s.percent(key, fallback.at(levels[i]), 100)).orElse(null);
        }
        // Each level must be at least as severe as the one below it, or the guard would skip a step.
        for (int i = 0; i < 2; i++) {
            for (int j = i + 1; j < 3; j++) {
                if (values[i] != null && values[j] != null && metric.beyond(values[i], values[j])) {
                    s.problem(levels[j].key(), metric.format(values[j]) + " must be " + (metric.higherIsWorse() ? "above" : "below")
                            + " " + levels[i].key() + " (" + metric.format(values[i]) + "): each level is stricter than the one before");
                }
            }
        }
        return new Thresholds(values[0], values[1], values[2]);
    }
}
