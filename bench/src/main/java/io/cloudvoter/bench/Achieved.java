package io.cloudvoter.bench;

import io.cloudvoter.model.api.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rate a set of instances achieved in a window, from the gaps between each one's consecutive
 * starts. Counting the starts in a window of two or three cycles would be off by up to one run per
 * instance (phase noise of several percent at a hundred instances), which a 95 % rule cannot
 * afford; each gap, by contrast, measures one whole cycle exactly: the run, the cooldown and how
 * late the next run started.
 */
public final class Achieved {
    private Achieved() {
    }

    /**
     * Σ over {@code instances} of 60 000 / (mean gap, ms, between a start in [from, to) and the
     * instance's previous start). An instance with starts in the window but no earlier start counts
     * its starts per minute of window; one with no start in the window counts 0 (it was stuck).
     */
    public static double perMin(List<RunRecord> runs, Collection<String> instances, Instant from, Instant to) {
        var byInstance = runs.stream().collect(Collectors.groupingBy(RunRecord::instanceId));
        double windowMs = Duration.between(from, to).toMillis();
        double total = 0;
        for (var id : instances) {
            var starts = byInstance.getOrDefault(id, List.of()).stream()
                    .map(RunRecord::startedAt).sorted(Comparator.naturalOrder()).toList();
            long gaps = 0;
            long gapMs = 0;
            long inWindow = 0;
            for (int i = 0; i < starts.size(); i++) {
                var s = starts.get(i);
                if (s.isBefore(from) || !s.isBefore(to)) {
                    continue;
                }
                inWindow++;
                if (i > 0) {
                    gaps++;
                    gapMs += Duration.between(starts.get(i - 1), s).toMillis();
                }
            }
            if (gaps > 0) {
                total += 60_000.0 * gaps / Math.max(1, gapMs);
            } else {
                total += inWindow * 60_000.0 / windowMs;
            }
        }
        return total;
    }
}
