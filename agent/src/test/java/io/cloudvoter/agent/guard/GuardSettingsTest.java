package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.browser.BrowserLifecycle;
import io.cloudvoter.agent.config.ConfigException;
import io.cloudvoter.agent.testing.ConfigFiles;
import io.cloudvoter.agent.testing.TestAgents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cloudvoter.agent.guard.Samples.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardSettingsTest {
    @TempDir
    Path dir;

    record Read(GuardSettings guard, BrowserLifecycle browser, List<String> problems) {
    }

    Read read(String yaml) {
        var r = ConfigFiles.read(dir, yaml, Map.of());
        return r.config() == null ? new Read(null, null, r.problems())
                : new Read(r.config().sections().guard(), r.config().sections().browser().lifecycle(), r.problems());
    }

    @Test
    void theShippedAgentYamlGivesTheDocumentedDefaults() throws Exception {
        var r = read("cloudvoter: {}\n");

        assertThat(r.problems()).isEmpty();
        assertThat(r.guard().thresholds()).isEqualTo(new GuardSettings(true, Duration.ZERO, 1, 0, GuardSettings.defaultThresholds(),
                Duration.ZERO, Duration.ZERO, Duration.ZERO).thresholds());
        assertThat(r.guard().sampleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.guard().smoothing()).isEqualTo(0.3);
        assertThat(r.guard().hysteresis()).isEqualTo(0.10);
        assertThat(r.guard().drainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.guard().history()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.browser()).isEqualTo(new BrowserLifecycle(1000, Duration.ofHours(6), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofMinutes(5)));
    }

    @Test
    void readsSizesPercentagesAndOff() throws Exception {
        var r = read("""
                cloudvoter:
                  guard:
                    sample-interval: 1s
                    available-memory: { soft: 1.5GB, hard: 512M, critical: 64KiB }
                    agent-pss: { soft: off, hard: 900MB }
                    cpu: { soft: 75.5%, hard: 99% }
                  browser:
                    recycle-after-runs: off
                    idle-close-after: 30s
                """);

        assertThat(r.problems()).isEmpty();
        assertThat(r.guard().of(Metric.AVAILABLE_MEMORY)).isEqualTo(new Thresholds(1536.0 * MB, 512.0 * MB, 64.0 * 1024));
        assertThat(r.guard().of(Metric.AGENT_PSS)).isEqualTo(new Thresholds(null, 900.0 * MB, null));
        assertThat(r.guard().of(Metric.CPU)).isEqualTo(new Thresholds(75.5, 99.0, null));
        assertThat(r.browser().recycleAfterRuns()).isZero();
        assertThat(r.browser().idleCloseAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.browser().probeInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void everyWrongValueIsReportedWithItsKeyAndWhy() throws Exception {
        var r = read("""
                cloudvoter:
                  guard:
                    sample-interval: 10ms
                    smoothing: 2
                    hysteresis: ten
                    available-memory: { soft: 100MB, hard: 300MB }
                    agent-pss: { soft: 650 }
                    cgroup-memory: { soft: 80, hard: 120% }
                    cpu: { soft: lots }
                  browser:
                    recycle-after-runs: -1
                    idle-close-after: 1s
                """);

        assertThat(r.problems()).containsExactlyInAnyOrder(
                "cloudvoter.guard.sample-interval: 10ms is shorter than the minimum of 100ms",
                "cloudvoter.guard.smoothing: 2 is out of range: more than 0, at most 1.0",
                "cloudvoter.guard.hysteresis: 'ten' is not a percentage (write e.g. 85%, or off)",
                "cloudvoter.guard.available-memory.hard: 300 MB must be below soft (100 MB): each level is stricter than the one before",
                "cloudvoter.guard.agent-pss.soft: '650' has no unit (write e.g. 650MB)",
                "cloudvoter.guard.cgroup-memory.soft: '80' is not a percentage (write e.g. 85%, or off)",
                "cloudvoter.guard.cgroup-memory.hard: 120% is out of range: more than 0%, at most 100%",
                "cloudvoter.guard.cpu.soft: 'lots' is not a percentage (write e.g. 85%, or off)",
                "cloudvoter.browser.recycle-after-runs: -1 is out of range 1..1000000",
                "cloudvoter.browser.idle-close-after: 1s is shorter than the minimum of 10s (write off to switch it off)");
    }

    @Test
    void anAgentWithABadGuardSectionRefusesToStartAndSaysWhy() {
        assertThatThrownBy(() -> Agent.start(TestAgents.config(dir.resolve("data"), Map.of(), "cloudvoter:\n  guard:\n    cpu: { soft: 200% }\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cloudvoter.guard.cpu.soft: 200% is out of range");
        assertThat(dir.resolve("data/agent.lock")).as("refused before touching the data dir").doesNotExist();
    }
}
