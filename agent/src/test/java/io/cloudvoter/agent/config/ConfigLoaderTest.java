package io.cloudvoter.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }

    @Test
    void defaultsAreSafeForAServer() {
        var c = ConfigLoader.load(null, Map.of());
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8077);
        assertThat(c.maxConcurrentRuns()).as("auto: one run per browser worker").isZero();
        assertThat(c.token()).isEmpty();
        assertThat(c.demo()).isFalse();
        assertThat(c.flowsDir()).isEqualTo(c.dataDir().resolve("flows"));
    }

    @Test
    void maxConcurrentRunsIsAutoOrANumber() {
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "auto")).maxConcurrentRuns()).isZero();
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "3")).maxConcurrentRuns()).isEqualTo(3);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "many")))
                .hasMessageContaining("CLOUDVOTER_MAX_CONCURRENT_RUNS");
    }

    @Test
    void environmentWinsOverTheFileWhichWinsOverDefaults() throws IOException {
        var f = file("""
                cloudvoter:
                  port: 9000
                  bind: 0.0.0.0
                  rate-limit-pause: 2m
                  instances:
                    - id: poll-1
                      flow: my-flow
                      cooldown: 30m
                    - id: poll-2
                      flow: my-flow
                      enabled: false
                """);
        var c = ConfigLoader.load(f, Map.of("CLOUDVOTER_PORT", "9100", "CLOUDVOTER_DATA_DIR", dir.toString(),
                "CLOUDVOTER_TOKEN", "0123456789abcdef0123"));
        assertThat(c.port()).isEqualTo(9100);
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.rateLimitPause()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.dataDir()).isEqualTo(dir);
        assertThat(c.token()).hasValue("0123456789abcdef0123");
        assertThat(c.instances()).hasSize(2);
        assertThat(c.instances().get(0).cooldown()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.instances().get(1).enabled()).isFalse();
    }

    @Test
    void everyBadValueIsReportedWithItsKeyAndReason() throws IOException {
        var f = file("""
                cloudvoter:
                  tick-interval: soon
                  max-concurrent-runs: 0
                  instances:
                    - id: "bad id"
                      flow: x
                    - id: ok
                    - id: dup
                      flow: x
                    - id: dup
                      flow: x
                      cooldown: forever
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of("CLOUDVOTER_PORT", "http", "CLOUDVOTER_TOKEN", "short",
                "CLOUDVOTER_CHROMIUM", "/nope/chromium")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                                .contains("cloudvoter.port (CLOUDVOTER_PORT)").contains("'http' is not a whole number"))
                        .anySatisfy(p -> assertThat(p).contains("cloudvoter.tick-interval").contains("'soon' is not a duration"))
                        .anySatisfy(p -> assertThat(p).contains("max-concurrent-runs").contains("out of range 1..1024"))
                        .anySatisfy(p -> assertThat(p).contains("instances[0].id").contains("'bad id'"))
                        .anySatisfy(p -> assertThat(p).contains("instances[1].flow: missing"))
                        .anySatisfy(p -> assertThat(p).contains("instances[3].id: 'dup' is defined twice"))
                        .anySatisfy(p -> assertThat(p).contains("instances[3].cooldown").contains("forever"))
                        .anySatisfy(p -> assertThat(p).contains("CLOUDVOTER_TOKEN: too short"))
                        .anySatisfy(p -> assertThat(p).contains("CLOUDVOTER_CHROMIUM").contains("not an executable")));
    }

    @Test
    void aMissingOrUnreadableFileIsNamed() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("nope.yaml").hasMessageContaining("does not exist");
        var broken = file("cloudvoter:\n  port: [1, 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.yaml");
    }

    @Test
    void tokensAreNeverEchoedInErrors() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_TOKEN", "tiny-secret")))
                .hasMessageNotContaining("tiny-secret");
    }

    @Test
    void aBindAddressThisMachineDoesNotHaveIsNamedAsCloudvoterBind() {
        for (var bind : new String[]{"not-a-host.invalid", "203.0.113.77", "300.1.1.1"}) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_BIND", bind)))
                    .as(bind).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cloudvoter.bind (CLOUDVOTER_BIND): '" + bind + "'");
        }
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_BIND", "::1")).bind()).isEqualTo("::1");
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_BIND", "0.0.0.0")).bind()).isEqualTo("0.0.0.0");
    }

    @Test
    void aTokenOfSpacesOrWithSpacesIsAnErrorNotReplacedByAGeneratedOne() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_TOKEN", "                    ")))
                .hasMessageContaining("CLOUDVOTER_TOKEN: is set but blank");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_TOKEN", "0123456789 abcdef 0123")))
                .hasMessageContaining("CLOUDVOTER_TOKEN: holds spaces");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_TOKEN", "short")))
                .hasMessageContaining("CLOUDVOTER_TOKEN: too short");
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_TOKEN", "  0123456789abcdef0123  ")).token())
                .as("surrounding blanks (a copied line) are trimmed").contains("0123456789abcdef0123");
    }

    @Test
    void aFlowsDirOrDataDirThatIsAFileIsRefusedWithTheReason() throws IOException {
        var aFile = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_DATA_DIR", dir.toString(),
                "CLOUDVOTER_FLOWS_DIR", aFile.toString())))
                .hasMessageContaining("cloudvoter.flows-dir (CLOUDVOTER_FLOWS_DIR): '" + aFile + "' is a file, not a folder");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_DATA_DIR", aFile.toString())))
                .hasMessageContaining("cloudvoter.data-dir (CLOUDVOTER_DATA_DIR): '" + aFile + "' is a file, not a folder");
    }

    @Test
    void httpLimitsAreCheckedWithTheRest() {
        assertThatThrownBy(() -> ConfigLoader.load(file("cloudvoter:\n  http:\n    idle-timeout: 40s\n    max-connections: 2\n"), Map.of()))
                .hasMessageContaining("cloudvoter.http.max-connections: 2 is out of range 8..10000")
                .hasMessageContaining("cloudvoter.http.idle-timeout: 40s is less than twice stream.heartbeat (30s)");
    }
}
