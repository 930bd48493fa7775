package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadMeterTest {

    @Test
    void idleAndIowaitAreNotBusy() {
        var stat = """
                cpu  100 20 30 800 50 0 0 0 0 0
                cpu0 50 10 15 400 25 0 0 0 0 0
                intr 12345
                """;
        // busy = user 100 + nice 20 + system 30; total adds idle 800 and iowait 50
        assertThat(LoadMeter.busyAndTotal(stat)).containsExactly(150L, 1000L);
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
