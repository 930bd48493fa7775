package io.cloudvoter.agent.config;

import io.cloudvoter.agent.demo.DemoSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo-target setting the benchmarks tune: default, valid values, and clear errors. */
class TuningConfigTest {
    @TempDir
    Path dir;

    private AgentConfig load(String yaml) throws IOException {
        var file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of());
    }

    @Test
    void votersMayVoteFiveTimesAMinuteByDefault() throws IOException {
        var config = load("cloudvoter:\n  port: 0\n");
        assertThat(DemoSettings.from(config.raw()).votesPerMinute()).isEqualTo(5);
    }

    @Test
    void readsTheVotesPerMinute() throws IOException {
        var config = load("""
                cloudvoter:
                  demo-votes-per-minute: 1000
                """);
        assertThat(DemoSettings.from(config.raw()).votesPerMinute()).isEqualTo(1000);
    }

    @Test
    void aWrongValueStopsTheAgentNamingTheKey() {
        assertThatThrownBy(() -> load("""
                cloudvoter:
                  demo-votes-per-minute: lots
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "cloudvoter.demo-votes-per-minute: 'lots' is not a whole number from 1 to 1000000"));
        assertThatThrownBy(() -> load("cloudvoter:\n  demo-votes-per-minute: 0\n"))
                .hasMessageContaining("cloudvoter.demo-votes-per-minute: '0' is not a whole number from 1 to 1000000");
    }
}
