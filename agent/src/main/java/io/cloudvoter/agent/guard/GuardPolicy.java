package io.cloudvoter.agent.guard;

import io.cloudvoter.model.api.ResourceSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides the guard's level from one (smoothed) sample, with hysteresis: a level is entered as soon
 * as any metric goes past its threshold (a reading exactly at the threshold is not past it), and
 * left only once every metric is back by the margin, so a reading hovering at a threshold does not
 * make the guard flap. Pure: no clock, no side effects.
 */
public final class GuardPolicy {
    private static final GuardLevel[] SEVERE_FIRST = {GuardLevel.CRITICAL, GuardLevel.HARD, GuardLevel.SOFT};

    private final GuardSettings settings;

    public GuardPolicy(GuardSettings settings) {
        this.settings = settings;
    }

    /**
     * The level {@code sample} calls for, given the level the guard is at now.
     *
     * @param reason the readings that hold the level, or, when it drops, that every reading is back
     */
    public record Decision(GuardLevel level, String reason) {
    }

    public Decision decide(GuardLevel current, ResourceSample sample) {
        for (var level : SEVERE_FIRST) {
            var past = new ArrayList<String>();
            var within = new ArrayList<String>();
            for (var metric : Metric.values()) {
                Double threshold = settings.of(metric).at(level);
                Double value = metric.value(sample);
                if (threshold == null || value == null) {
                    continue;
                }
                if (metric.beyond(value, threshold)) {
                    past.add(describe(metric, value, level, threshold));
                } else if (level.compareTo(current) <= 0
                        && metric.beyond(value, metric.relaxed(threshold, settings.hysteresis()))) {
                    within.add(describe(metric, value, level, threshold) + " by less than the "
                            + percent(settings.hysteresis()) + " margin");
                }
            }
            if (!past.isEmpty()) {
                return new Decision(level, String.join("; ", past));
            }
            if (!within.isEmpty()) {
                return new Decision(level, "still " + String.join("; ", within));
            }
        }
        return new Decision(GuardLevel.NORMAL, current == GuardLevel.NORMAL ? "every reading under its soft threshold"
                : "every reading back under its soft threshold by the " + percent(settings.hysteresis()) + " margin ("
                + summary(sample) + ")");
    }

    private static String describe(Metric metric, double value, GuardLevel level, double threshold) {
        boolean beyond = metric.beyond(value, threshold);
        String relation = metric.higherIsWorse() ? (beyond ? ">" : "under") : (beyond ? "<" : "over");
        return metric.words() + " " + metric.format(value) + " " + relation + " " + level.key() + " " + metric.format(threshold);
    }

    /** The readings the policy looks at, in words: for logs and actions. */
    public static String summary(ResourceSample s) {
        List<String> parts = new ArrayList<>();
        for (var metric : Metric.values()) {
            Double v = metric.value(s);
            if (v != null) {
                parts.add(metric.words() + " " + metric.format(v));
            }
        }
        return parts.isEmpty() ? "no readings" : String.join(", ", parts);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
