package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.testing.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Admission by memory: how many workers and runs in flight a machine carries, and the keys that override it. */
class RunCapacityTest {
    @TempDir
    Path dir;

    @Test
    void aSmallDropletGetsOneWorkerWithAsManyRunsInFlightAsTheGuardsSoftThresholdLeaves() {
        // 650 MB soft: 650 - (110 Java + 140 driver + 135 Chromium) = 265 MB, 24 MB a run
        var oneGb = RunCapacity.plan(0, 0, 0, 1, 960, 650.0);
        assertThat(oneGb.workers()).isEqualTo(1);
        assertThat(oneGb.runsPerWorker()).isEqualTo(11);
        assertThat(oneGb.maxConcurrentRuns()).isEqualTo(11);
        assertThat(RunCapacity.plan(0, 0, 0, 2, 1_970, 650.0)).as("2 GB, 2 cores: the soft threshold is what counts")
                .extracting(RunCapacity::workers, RunCapacity::runsPerWorker).containsExactly(1, 11);
    }

    @Test
    void aSecondWorkerComesOnlyWithTwoCoresForItAndRoomForItsRuns() {
        assertThat(RunCapacity.plan(0, 0, 0, 4, 8_000, 650.0).workers()).as("650 MB has no room for a second").isEqualTo(1);
        var big = RunCapacity.plan(0, 0, 0, 4, 8_000, 1_500.0);
        assertThat(big.workers()).isEqualTo(2);
        // 1500 - (110 + 2 x 275) = 840 MB, 35 runs, 17 a worker
        assertThat(big.runsPerWorker()).isEqualTo(17);
        assertThat(big.maxConcurrentRuns()).isEqualTo(34);
        assertThat(RunCapacity.plan(0, 0, 0, 16, 64_000, 4_000.0).workers()).as("never more than four on auto").isEqualTo(4);
    }

    @Test
    void withoutTheGuardThresholdSixtyPercentOfMemoryIsTheBudgetAndTheLimitsStillHold() {
        var tiny = RunCapacity.plan(0, 0, 0, 1, 500, null); // 300 MB budget: below the fixed cost of 385
        assertThat(tiny.runsPerWorker()).as("always at least one run").isEqualTo(1);
        var huge = RunCapacity.plan(0, 0, 0, 2, 24_000, null);
        assertThat(huge.workers()).isEqualTo(1);
        assertThat(huge.runsPerWorker()).as("capped per worker on auto").isEqualTo(48);
        assertThat(huge.maxConcurrentRuns()).isEqualTo(48);
        assertThat(RunCapacity.plan(4, 0, 0, 16, 64_000, null).maxConcurrentRuns()).as("4 workers x 48").isEqualTo(192);
    }

    @Test
    void browserNodesAddTheirRunsAndCostTheAgentADriverEach() {
        var node = new BrowserEndpoint(java.net.URI.create("ws://10.0.0.5:3000/abc"), Map.of(), 16);
        var both = RunCapacity.plan(0, 0, 0, 1, 960, 650.0, new BrowserPlacement(true, List.of(node, node)));
        // 650 - 2 x 140 for the nodes' drivers - 385 fixed < 0: still 1 local run; plus 2 x 16 on the nodes
        assertThat(both).extracting(RunCapacity::workers, RunCapacity::runsPerWorker, RunCapacity::maxConcurrentRuns)
                .containsExactly(1, 1, 33);
        var nodesOnly = RunCapacity.plan(0, 0, 0, 1, 960, 650.0, new BrowserPlacement(false, List.of(node)));
        assertThat(nodesOnly).extracting(RunCapacity::workers, RunCapacity::maxConcurrentRuns).containsExactly(0, 16);
        assertThat(nodesOnly.reason()).contains("no local browsers, 1 browser node(s)");
    }

    @Test
    void configuredNumbersWinAndTheReasonSaysWhereAutoCameFrom() {
        var fixed = RunCapacity.plan(2, 5, 7, 2, 960, 650.0);
        assertThat(fixed).extracting(RunCapacity::workers, RunCapacity::runsPerWorker, RunCapacity::maxConcurrentRuns)
                .containsExactly(2, 5, 7);
        assertThat(RunCapacity.plan(0, 0, 0, 1, 960, 650.0).reason())
                .isEqualTo("1 cores, 960 MB, budget 650 MB (guard agent-pss soft); fixed 385 MB, 24 MB per run in flight");
    }

    @Test
    void readsAutoOrANumberAndNamesTheKeyWhenWrong() throws Exception {
        assertThat(setting("workers", null)).isEqualTo(new Setting(0, List.of()));
        assertThat(setting("workers", "auto")).isEqualTo(new Setting(0, List.of()));
        assertThat(setting("workers", "3")).isEqualTo(new Setting(3, List.of()));
        assertThat(setting("workers", "9").problems()).containsExactly(
                "cloudvoter.browser.workers: '9' is not auto or a whole number from 1 to 8");
        assertThat(setting("workers", "two").problems()).containsExactly(
                "cloudvoter.browser.workers: 'two' is not auto or a whole number from 1 to 8");
        assertThat(setting("runs-per-worker", "24")).isEqualTo(new Setting(24, List.of()));
        assertThat(setting("runs-per-worker", "0").problems()).containsExactly(
                "cloudvoter.browser.runs-per-worker: '0' is not auto or a whole number from 1 to 128");
    }

    record Setting(int value, List<String> problems) {
    }

    private Setting setting(String key, String value) {
        var yaml = value == null ? "cloudvoter: {}\n" : "cloudvoter:\n  browser:\n    " + key + ": \"" + value + "\"\n";
        var r = ConfigFiles.read(dir, yaml, Map.of());
        if (r.config() == null) {
            return new Setting(-1, r.problems());
        }
        var browser = r.config().sections().browser();
        return new Setting(key.equals("workers") ? browser.workers() : browser.runsPerWorker(), List.of());
    }
}
