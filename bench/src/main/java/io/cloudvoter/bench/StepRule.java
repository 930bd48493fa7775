package io.cloudvoter.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a capacity step passes, and which step gives the figure. A step passes only if the agent did
 * at least 95 % of what it was offered, started 99 % of its runs at most 5 s late, and at most 2 %
 * of its runs were not SUCCESS. The capacity is the highest achieved rate among passing steps (not
 * the last passing one: a later step can pass at a lower achieved rate than an earlier one).
 */
public final class StepRule {
    static final double MIN_ACHIEVED_SHARE = 0.95;
    static final double MAX_LATENESS_P99_MS = 5000;
    static final double MAX_NON_SUCCESS_SHARE = 0.02;

    private StepRule() {
    }

    /** Null when the step passes, otherwise every reason it did not. */
    public static String miss(double offeredPerMin, double achievedPerMin, Double latenessP99Ms, long runs, long nonSuccess) {
        var why = new ArrayList<String>();
        if (runs == 0) {
            why.add("no run started in the window");
        }
        if (achievedPerMin < MIN_ACHIEVED_SHARE * offeredPerMin) {
            why.add("achieved %.0f/min < 95 %% of the %.0f/min offered".formatted(achievedPerMin, offeredPerMin));
        }
        if (latenessP99Ms == null) {
            why.add("no run with a predecessor to measure lateness");
        } else if (latenessP99Ms > MAX_LATENESS_P99_MS) {
            why.add("lateness p99 %.0f ms > 5000 ms".formatted(latenessP99Ms));
        }
        if (nonSuccess > MAX_NON_SUCCESS_SHARE * runs) {
            why.add("%d of %d runs not SUCCESS (> 2 %%)".formatted(nonSuccess, runs));
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** The passing step with the highest achieved rate, if any passed. */
    public static Optional<Step> best(List<Step> steps) {
        return steps.stream().filter(Step::passed).max(Comparator.comparingDouble(Step::achievedPerMin));
    }
}
