package io.cloudvoter.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Which rate to offer next. Rates rise by {@code growth} from {@code first} while steps pass. The
 * first miss ends the climb; its achieved rate is what the agent could do when saturated, so one
 * last step offers {@link #REFINE_SHARE} of it, when that could beat the best passing step (or when
 * nothing has passed yet, so a slow agent still gets a figure). A second miss ends the search.
 *
 * @param first     the first step's offered rate, runs/min
 * @param growth    factor between passing steps (&gt; 1)
 * @param most      no step offers more than this
 * @param maxSteps  no more steps than this, the refining one included
 */
public record CapacitySearch(double first, double growth, double most, int maxSteps) {
    static final double REFINE_SHARE = 0.9;
    /** Below this a step says nothing useful (a run every two minutes). */
    static final double LEAST_PER_MIN = 0.5;

    public CapacitySearch {
        if (first <= 0 || growth <= 1 || most < first || maxSteps < 1) {
            throw new IllegalArgumentException("capacity search: need first > 0, growth > 1, most >= first, maxSteps >= 1");
        }
    }

    /** The rate to offer after {@code done}, or empty when the search is over. */
    public OptionalDouble next(List<Step> done) {
        if (done.size() >= maxSteps) {
            return OptionalDouble.empty();
        }
        if (done.isEmpty()) {
            return OptionalDouble.of(first);
        }
        var last = done.getLast();
        boolean missedBefore = done.subList(0, done.size() - 1).stream().anyMatch(s -> !s.passed());
        if (missedBefore) {
            return OptionalDouble.empty(); // the refining step has run
        }
        if (last.passed()) {
            return last.offeredPerMin() >= most ? OptionalDouble.empty()
                    : OptionalDouble.of(Math.min(most, last.offeredPerMin() * growth));
        }
        double refine = REFINE_SHARE * last.achievedPerMin();
        double best = StepRule.best(done).map(Step::achievedPerMin).orElse(0.0);
        return refine > best && refine >= LEAST_PER_MIN ? OptionalDouble.of(refine) : OptionalDouble.empty();
    }
}
