package io.cloudvoter.bench;

import io.cloudvoter.model.api.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How late runs started: each instance's next run is due one cooldown after its previous run
 * ended, so a run's lateness is its start minus (previous start + previous duration + cooldown).
 * An instance's first run has no predecessor and is not counted.
 */
final class Lateness {
    private Lateness() {
    }

    /** Lateness in ms of every run that started in [from, to) and has a finished predecessor. */
    static List<Long> of(List<RunRecord> runs, Duration cooldown, Instant from, Instant to) {
        var late = new ArrayList<Long>();
        var byInstance = runs.stream().collect(Collectors.groupingBy(RunRecord::instanceId));
        for (var own : byInstance.values()) {
            var sorted = own.stream().sorted(Comparator.comparing(RunRecord::startedAt)).toList();
            for (int i = 1; i < sorted.size(); i++) {
                var prev = sorted.get(i - 1);
                var run = sorted.get(i);
                if (prev.durationMs() == null || run.startedAt().isBefore(from) || !run.startedAt().isBefore(to)) {
                    continue;
                }
                var due = prev.startedAt().plusMillis(prev.durationMs()).plus(cooldown);
                late.add(Duration.between(due, run.startedAt()).toMillis());
            }
        }
        return late;
    }
}
