package io.cloudvoter.agent.controlplane;

import java.util.Arrays;
import java.util.Locale;

/** Durations in nanoseconds, summarised in milliseconds. */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int size() {
        return size;
    }

    /** The p-th percentile (0..100) in ms, nearest rank; NaN with no samples. */
    synchronized double ms(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        var sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    /** "p50 0.12 ms, p99 0.90 ms, max 3.1 ms (n=1000)". */
    String summary() {
        return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.2f ms (n=%d)", ms(50), ms(99), ms(100), size());
    }
}
