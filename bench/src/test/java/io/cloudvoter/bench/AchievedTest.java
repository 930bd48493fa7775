package io.cloudvoter.bench;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AchievedTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FROM = T0.plusSeconds(5);
    private static final Instant TO = T0.plusSeconds(35);

    private static List<RunRecord> starts(String instance, long... startsMs) {
        var runs = new ArrayList<RunRecord>();
        for (long s : startsMs) {
            runs.add(new RunRecord(s, instance, "demo-vote", Outcome.SUCCESS, T0.plusMillis(s), 200L, null, null, null));
        }
        return runs;
    }

    @Test
    void eachInstanceAddsSixtyThousandOverItsMeanGapBetweenStarts() {
        var runs = new ArrayList<RunRecord>();
        runs.addAll(starts("a", 0, 10_000, 20_000, 30_000)); // gaps ending in the window: 10 s, 10 s, 10 s → 6/min
        runs.addAll(starts("b", 0, 12_000, 24_000));         // 12 s, 12 s → 5/min
        assertThat(Achieved.perMin(runs, Set.of("a", "b"), FROM, TO)).isCloseTo(11.0, within(1e-9));
    }

    @Test
    void lateStartsLowerTheRate() {
        // a 10 s cycle whose second run started 2 s late: gaps 12 s and 10 s
        var runs = starts("a", 0, 12_000, 22_000);
        assertThat(Achieved.perMin(runs, Set.of("a"), FROM, TO)).isCloseTo(60_000.0 * 2 / 22_000, within(1e-9));
    }

    @Test
    void anInstanceWithNoStartInTheWindowAddsNothing() {
        var runs = new ArrayList<RunRecord>();
        runs.addAll(starts("a", 0, 10_000, 20_000, 30_000));
        runs.addAll(starts("stuck", 1_000));
        assertThat(Achieved.perMin(runs, Set.of("a", "stuck"), FROM, TO)).isCloseTo(6.0, within(1e-9));
    }

    @Test
    void anInstanceWithoutAnEarlierStartCountsItsStartsPerMinuteOfWindow() {
        assertThat(Achieved.perMin(starts("new", 6_000), Set.of("new"), FROM, TO)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void onlyTheGivenInstancesCount() {
        var runs = new ArrayList<RunRecord>();
        runs.addAll(starts("a", 0, 10_000, 20_000, 30_000));
        runs.addAll(starts("disabled", 0, 10_000, 20_000));
        assertThat(Achieved.perMin(runs, Set.of("a"), FROM, TO)).isCloseTo(6.0, within(1e-9));
    }
}
