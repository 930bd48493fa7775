package io.cloudvoter.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Percentiles and a least-squares slope: the arithmetic every figure uses. */
public final class Stats {
    private Stats() {
    }

    /** The p-th percentile (0..100) by the nearest-rank method; NaN for no samples. */
    public static double percentile(Collection<? extends Number> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        var sorted = new ArrayList<Double>(samples.size());
        samples.forEach(n -> sorted.add(n.doubleValue()));
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The middle value, or the mean of the two middle values of an even count. */
    public static double median(Collection<? extends Number> samples) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        var sorted = samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Slope of the least-squares line through (x[i], y[i]). */
    public static double slope(List<? extends Number> x, List<? extends Number> y) {
        if (x.size() != y.size() || x.size() < 2) {
            throw new IllegalArgumentException("need at least two (x, y) pairs");
        }
        double n = x.size();
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.size(); i++) {
            double xi = x.get(i).doubleValue();
            double yi = y.get(i).doubleValue();
            sx += xi;
            sy += yi;
            sxy += xi * yi;
            sxx += xi * xi;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** Max minus min over the median: how noisy repeated measurements were. */
    public static double spread(Collection<? extends Number> samples) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double min = samples.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
        double max = samples.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
        return (max - min) / median(samples);
    }

    public static double round1(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }
}
