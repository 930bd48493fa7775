package io.cloudvoter.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Which rate to offer next. Rates rise by {@code growth} from {@code first} while steps pass. The
 * first miss ends the climb; its achieved rate is what the agent could do when saturated, so the
 * next step offers {@link #REFINE_SHARE} of it, when that could beat the best passing step (or when
 * nothing has passed yet, so a slow or busy agent still gets a figure). A refining step that misses
 * is refined the same way, at most {@link #MAX_REFINES} times; one that passes ends the search.
 *
 * @param first     the first step's offered rate, runs/min
 * @param growth    factor between passing steps (&gt; 1)
 * @param most      no step offers more than this
 * @param maxSteps  no more steps than this, refining ones included
 */
public record CapacitySearch(double first, double growth, double most, int maxSteps) {
    static final double REFINE_SHARE = 0.9;
    static final int MAX_REFINES = 2;
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
        long misses = done.stream().filter(s -> !s.passed()).count();
        if (misses == 0) {
            return last.offeredPerMin() >= most ? OptionalDouble.empty()
                    : OptionalDouble.of(Math.min(most, last.offeredPerMin() * growth));
        }
        if (last.passed() || misses > MAX_REFINES) {
            return OptionalDouble.empty(); // a refining step passed, or the refining steps are used up
        }
        double refine = REFINE_SHARE * last.achievedPerMin();
        double best = StepRule.best(done).map(Step::achievedPerMin).orElse(0.0);
        return refine > best && refine >= LEAST_PER_MIN ? OptionalDouble.of(refine) : OptionalDouble.empty();
    }
}
