package io.cloudvoter.bench;

import io.cloudvoter.bench.InFlight.Interval;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RunRecord run(long startMs, Long durationMs) {
        return new RunRecord(startMs, "i" + startMs, "latency-vote", durationMs == null ? Outcome.RUNNING : Outcome.SUCCESS,
                T0.plusMillis(startMs), durationMs, null, null, null);
    }

    @Test
    void countsTheMostRunsOpenAtOneInstant() {
        var runs = List.of(new Interval(0, 100), new Interval(50, 150), new Interval(60, 70), new Interval(200, 300));
        assertThat(InFlight.maxOverlap(runs)).isEqualTo(3);
    }

    @Test
    void aRunEndingAsAnotherStartsDoesNotOverlapIt() {
        // one worker running one flow at a time: back to back, never two at once
        var serial = List.of(new Interval(0, 1100), new Interval(1100, 2200), new Interval(2200, 3300));
        assertThat(InFlight.maxOverlap(serial)).isEqualTo(1);
    }

    @Test
    void noRunsMeansNoneInFlight() {
        assertThat(InFlight.maxOverlap(List.of())).isZero();
        assertThat(InFlight.maxOverlap(List.of(new Interval(5, 5)))).isZero();
    }

    @Test
    void clipsRunsToTheWindowAndCountsUnfinishedRunsAsStillInFlight() {
        var from = T0.plusMillis(1000);
        var to = T0.plusMillis(2000);
        var runs = List.of(
                run(0, 900L),       // ended before the window: left out
                run(500, 600L),     // [1000, 1100)
                run(1050, 550L),    // [1050, 1600)
                run(1500, null),    // still running when read at 2500: [1500, 2000)
                run(2100, 100L));   // started after the window: left out
        var intervals = InFlight.within(runs, from, to, T0.plusMillis(2500));
        long t0 = T0.toEpochMilli();
        assertThat(intervals).containsExactly(new Interval(t0 + 1000, t0 + 1100), new Interval(t0 + 1050, t0 + 1600),
                new Interval(t0 + 1500, t0 + 2000));
        assertThat(InFlight.maxOverlap(intervals)).isEqualTo(2);
    }
}
