package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoadMeterTest {

    @Test
    void tallysEachProcesssOwnCpuSoARecycledBrowserDoesNotTakeItsPastAway() {
        var tally = new LoadMeter.CpuTally(Map.of(1L, 100L, 2L, 50L), pid -> "p" + pid);
        tally.add(Map.of(1L, 120L, 2L, 60L, 3L, 30L)); // 3 started after the baseline: all of its 30 ms count
        assertThat(tally.total()).isEqualTo(60);
        tally.add(Map.of(1L, 130L, 3L, 35L));          // 2 ended (a recycled browser): the sum does not drop
        assertThat(tally.total()).isEqualTo(75);
    }

    @Test
    void tallysCpuByKindOfProcessAskingEachPidOnce() {
        var asked = new java.util.ArrayList<Long>();
        var tally = new LoadMeter.CpuTally(Map.of(1L, 100L, 2L, 50L, 3L, 10L), pid -> {
            asked.add(pid);
            return pid == 1 ? "java" : "renderer";
        });
        tally.add(Map.of(1L, 120L, 2L, 60L, 3L, 10L, 4L, 5L)); // 3 used nothing: no kind asked, no entry made
        tally.add(Map.of(1L, 125L, 2L, 70L, 4L, 9L));
        assertThat(tally.byKind()).containsOnly(Map.entry("java", 25L), Map.entry("renderer", 29L));
        assertThat(tally.byKind().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(tally.total());
        assertThat(asked).containsExactlyInAnyOrder(1L, 2L, 4L);
    }

    @Test
    void countsGuardActionsAboveNormalOnly() {
        var metrics = """
                # TYPE cloudvoter_guard_actions_total counter
                cloudvoter_guard_actions_total{level="SOFT",action="hold-new-runs"} 3
                cloudvoter_guard_actions_total{level="NORMAL",action="admit"} 2
                cloudvoter_guard_actions_total{level="HARD",action="recycle-browser"} 1
                cloudvoter_runs_total{outcome="SUCCESS"} 40
                """;
        assertThat(LoadMeter.guardActionsAboveNormal(metrics)).isEqualTo(4);
    }
}
