package io.cloudvoter.agent.config;

import io.cloudvoter.agent.browser.BrowserTuning;
import io.cloudvoter.agent.demo.DemoSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The browser and demo-target settings the benchmarks tune: defaults, valid values, and clear errors. */
class TuningConfigTest {
    @TempDir
    Path dir;

    private AgentConfig load(String yaml) throws IOException {
        var file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of());
    }

    @Test
    void defaultsStopAnIdleBrowserAfterAMinuteAndLetVotersVoteFiveTimesAMinute() throws IOException {
        var config = load("cloudvoter:\n  port: 0\n");
        assertThat(BrowserTuning.from(config.raw()).idleStop()).isEqualTo(Duration.ofSeconds(60));
        assertThat(DemoSettings.from(config.raw()).votesPerMinute()).isEqualTo(5);
    }

    @Test
    void readsTheirValues() throws IOException {
        var config = load("""
                cloudvoter:
                  demo-votes-per-minute: 1000
                  browser:
                    idle-stop: 5m
                """);
        assertThat(BrowserTuning.from(config.raw()).idleStop()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DemoSettings.from(config.raw()).votesPerMinute()).isEqualTo(1000);
        assertThat(BrowserTuning.from(load("cloudvoter:\n  browser:\n    idle-stop: off\n").raw()).idleStop()).isZero();
    }

    @Test
    void wrongValuesStopTheAgentNamingEachKey() {
        assertThatThrownBy(() -> load("""
                cloudvoter:
                  demo-votes-per-minute: lots
                  browser:
                    idle-stop: 2s
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "cloudvoter.demo-votes-per-minute: 'lots' is not a whole number from 1 to 1000000",
                        "cloudvoter.browser.idle-stop: 2s is shorter than 5s (write 0 or off to never stop the browser)"));
        assertThatThrownBy(() -> load("cloudvoter:\n  browser:\n    idle-stop: soon\n"))
                .hasMessageContaining("cloudvoter.browser.idle-stop: 'soon' is not a duration");
    }
}
