package io.cloudvoter.desktop.history;

import io.cloudvoter.model.api.Outcome;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;

import static io.cloudvoter.desktop.testing.Fixtures.T0;
import static io.cloudvoter.desktop.testing.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

class RunSummaryTest {
    private final List<io.cloudvoter.model.api.RunRecord> runs = List.of(
            run(1, "poll-1", Outcome.SUCCESS, T0.plusSeconds(60)),
            run(2, "poll-1", Outcome.FAILED, T0.plusSeconds(120)),
            run(3, "poll-1", Outcome.RATE_LIMITED, T0.plusSeconds(3600)),
            run(4, "poll-2", Outcome.SUCCESS, T0.plusSeconds(3700)),
            run(5, "poll-2", Outcome.INTERRUPTED, T0.plusSeconds(3800)));

    @Test
    void perInstanceCountsOutcomesAndRatesWhatTheTargetDecided() {
        assertThat(RunSummary.perInstance(runs)).containsExactly(
                new SummaryRow("poll-1", 3, 1, 1, 1),
                new SummaryRow("poll-2", 2, 1, 0, 0));
        assertThat(new SummaryRow("poll-1", 3, 1, 1, 1).successRateText()).isEqualTo("50 %");
        assertThat(new SummaryRow("poll-2", 2, 1, 0, 0).successRate()).isEqualTo(1.0);
        assertThat(new SummaryRow("x", 2, 0, 0, 2).successRateText()).isEqualTo("—");
    }

    @Test
    void perHourGroupsByTheOperatorsHourNewestFirst() {
        assertThat(RunSummary.perHour(runs, ZoneOffset.ofHours(1))).containsExactly(
                new SummaryRow("2026-11-27 12:00", 3, 1, 0, 1),
                new SummaryRow("2026-11-27 11:00", 2, 1, 1, 0));
    }
}
