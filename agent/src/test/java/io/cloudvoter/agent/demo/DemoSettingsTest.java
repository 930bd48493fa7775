package io.cloudvoter.agent.demo;

import io.cloudvoter.agent.testing.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo-votes-per-minute}, the demo target's setting the benchmarks tune: default, valid values, and clear errors. */
class DemoSettingsTest {
    @TempDir
    Path dir;

    @Test
    void votersMayVoteFiveTimesAMinuteByDefault() {
        assertThat(ConfigFiles.load(dir, "cloudvoter:\n  port: 0\n", Map.of()).sections().demo().votesPerMinute()).isEqualTo(5);
    }

    @Test
    void readsTheVotesPerMinute() {
        var config = ConfigFiles.load(dir, "cloudvoter:\n  demo-votes-per-minute: 1000\n", Map.of());
        assertThat(config.sections().demo().votesPerMinute()).isEqualTo(1000);
    }

    @Test
    void aWrongValueStopsTheAgentNamingTheKey() {
        assertThat(ConfigFiles.read(dir, "cloudvoter:\n  demo-votes-per-minute: lots\n", Map.of()).problems())
                .containsExactly("cloudvoter.demo-votes-per-minute: 'lots' is not a whole number");
        assertThat(ConfigFiles.read(dir, "cloudvoter:\n  demo-votes-per-minute: 0\n", Map.of()).problems())
                .containsExactly("cloudvoter.demo-votes-per-minute: 0 is out of range 1..1000000");
    }
}
