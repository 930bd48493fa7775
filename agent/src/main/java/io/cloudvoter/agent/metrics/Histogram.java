package io.cloudvoter.agent.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram: fixed upper bounds, counts kept per bucket and summed when written. */
final class Histogram {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double... bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void observe(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts[i].increment();
        sum.add(value);
    }

    void write(PrometheusText out, String name) {
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i].sum();
            out.sample(name + "_bucket", cumulative, "le", PrometheusText.number(bounds[i]));
        }
        cumulative += counts[bounds.length].sum();
        out.sample(name + "_bucket", cumulative, "le", "+Inf");
        out.sample(name + "_sum", sum.sum());
        out.sample(name + "_count", cumulative);
    }
}
