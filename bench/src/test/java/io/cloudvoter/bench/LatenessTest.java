package io.cloudvoter.bench;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatenessTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RunRecord run(long id, String instance, long startMs, Long durationMs) {
        return new RunRecord(id, instance, "demo-vote", Outcome.SUCCESS, T0.plusMillis(startMs), durationMs, null, null, null);
    }

    @Test
    void aRunIsLateByItsStartMinusPreviousEndPlusCooldown() {
        var runs = List.of(
                run(1, "a", 0, 200L),       // first run of a: not counted
                run(2, "b", 100, 300L),
                run(3, "a", 5_250, 200L),   // due 0 + 200 + 5000 = 5200 → 50 ms late
                run(4, "b", 5_400, 250L),   // due 100 + 300 + 5000 = 5400 → on time
                run(5, "a", 12_450, null)); // due 5250 + 200 + 5000 = 10450 → 2000 ms late, still running
        var late = Lateness.of(runs, Duration.ofSeconds(5), T0, T0.plusSeconds(60));
        assertThat(late).containsExactlyInAnyOrder(50L, 0L, 2000L);
    }

    @Test
    void onlyRunsStartingInTheWindowCount() {
        var runs = List.of(run(1, "a", 0, 200L), run(2, "a", 5_300, 200L), run(3, "a", 10_600, 200L));
        var late = Lateness.of(runs, Duration.ofSeconds(5), T0.plusSeconds(10), T0.plusSeconds(20));
        assertThat(late).containsExactly(100L);
    }
}
