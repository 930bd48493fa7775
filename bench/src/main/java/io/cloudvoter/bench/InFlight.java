package io.cloudvoter.bench;

import io.cloudvoter.model.api.RunRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How many runs were in flight at once, from the run records alone (start and duration), not by
 * polling the agent: a poll every few hundred ms would miss short peaks and cost the agent CPU.
 */
public final class InFlight {
    private InFlight() {
    }

    /** A run's time in flight, [startMs, endMs): a run that ends exactly when another starts does not overlap it. */
    public record Interval(long startMs, long endMs) {
    }

    /** The most intervals open at the same instant; 0 for none. */
    public static int maxOverlap(List<Interval> intervals) {
        var edges = new ArrayList<long[]>(intervals.size() * 2);
        for (var i : intervals) {
            if (i.endMs() > i.startMs()) {
                edges.add(new long[]{i.startMs(), +1});
                edges.add(new long[]{i.endMs(), -1});
            }
        }
        // at the same instant an end comes before a start (half-open intervals)
        edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int open = 0;
        int most = 0;
        for (var e : edges) {
            open += (int) e[1];
            most = Math.max(most, open);
        }
        return most;
    }

    /**
     * The runs' intervals clipped to [from, to); a run without a duration was still in flight at
     * {@code readAt}. Runs entirely outside the window are left out.
     */
    public static List<Interval> within(List<RunRecord> runs, Instant from, Instant to, Instant readAt) {
        long a = from.toEpochMilli();
        long b = to.toEpochMilli();
        var out = new ArrayList<Interval>();
        for (var r : runs) {
            long start = r.startedAt().toEpochMilli();
            long end = r.durationMs() == null ? readAt.toEpochMilli() : start + r.durationMs();
            long s = Math.max(start, a);
            long e = Math.min(end, b);
            if (e > s) {
                out.add(new Interval(s, e));
            }
        }
        return out;
    }
}
