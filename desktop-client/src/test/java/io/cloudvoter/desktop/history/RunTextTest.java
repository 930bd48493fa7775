package io.cloudvoter.desktop.history;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the History tab says of one run beyond its row: attempt, reason, the flow's extracted values. */
class RunTextTest {
    private static final Instant T = Instant.parse("2026-12-01T09:30:00Z");

    @Test
    void aRetryNamesItsAttemptTheRunItRetriesAndTheReasonWord() {
        var run = new RunRecord(7, "poll-1", "demo", Outcome.FAILED, T, 1200L, "target unreachable", null, null,
                3, 5L, Map.of(), "unreachable");

        assertThat(RunText.describe(run, ZoneOffset.UTC))
                .contains("target unreachable")
                .contains("Attempt 3, a retry of run 5")
                .contains("Reason: unreachable");
        assertThat(RunText.attempt(run.attempt())).isEqualTo("retry 2");
    }

    @Test
    void aFirstAttemptShowsNoAttemptLineAndItsValuesInTheOrderRead() {
        var values = new LinkedHashMap<String, String>();
        values.put("votes", "42");
        values.put("title", "Best pie");
        var run = new RunRecord(8, "poll-1", "demo", Outcome.SUCCESS, T, 900L, "Thanks", 42.0, null, 1, null, values, null);

        var text = RunText.describe(run, ZoneOffset.UTC);

        assertThat(text).doesNotContain("Attempt").doesNotContain("Reason")
                .contains("Values\n  votes = 42\n  title = Best pie");
        assertThat(RunText.attempt(run.attempt())).isEmpty();
        assertThat(RunText.searchText(run)).contains("Best pie");
    }
}
