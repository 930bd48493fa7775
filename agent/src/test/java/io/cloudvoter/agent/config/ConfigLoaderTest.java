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
        assertThat(c.sections().browser().webgl()).as("pages get WebGL unless an operator trades it for memory").isTrue();
    }

    @Test
    void webglOffIsReadFromTheFile() throws IOException {
        var c = ConfigLoader.load(file("cloudvoter:\n  browser: { webgl: false }\n"), Map.of());
        assertThat(c.sections().browser().webgl()).isFalse();
    }

    @Test
    void maxConcurrentRunsIsAutoOrANumber() {
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "auto")).maxConcurrentRuns()).isZero();
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "3")).maxConcurrentRuns()).isEqualTo(3);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLOUDVOTER_MAX_CONCURRENT_RUNS", "many")))
                .hasMessageContaining("cloudvoter.max-concurrent-runs (CLOUDVOTER_MAX_CONCURRENT_RUNS): 'many' is not auto or a whole number from 1 to 1024");
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
                        .anySatisfy(p -> assertThat(p).contains("max-concurrent-runs").contains("'0' is not auto or a whole number from 1 to 1024"))
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

    @Test
    void oneStartListsTheProblemsOfEverySectionAtOnce() throws IOException {
        var f = file("""
                cloudvoter:
                  tick-interval: 0s
                  guard: { smoothing: 2 }
                  browser: { workers: many, recycle-after: 1s, webgl: sometimes, endpoints: [ { url: "http://x" } ] }
                  stream: { heartbeat: forever }
                  health: { scheduler-stale: 0s }
                  auth: { lockout: soon }
                  http: { max-connections: 1 }
                  tls: { enabled: true }
                  alerts: { guard-level: soft }
                  demo-votes-per-minute: none
                  instances:
                    - { id: "bad id", flow: x }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of("CLOUDVOTER_PORT", "http", "CLOUDVOTER_BROWSER_LOCAL", "perhaps")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "cloudvoter.port (CLOUDVOTER_PORT): 'http' is not a whole number",
                        "cloudvoter.tick-interval: 0s is out of range 10ms..1m",
                        "cloudvoter.instances[0].id: 'bad id' is not a valid id (letters, digits, '.', '_', '-'; at most 64)",
                        "cloudvoter.guard.smoothing: 2 is out of range: more than 0, at most 1.0",
                        "cloudvoter.browser.recycle-after: 1s is shorter than the minimum of 1m (write off to switch it off)",
                        "cloudvoter.browser.workers: 'many' is not auto or a whole number from 1 to 8",
                        "cloudvoter.browser.local (CLOUDVOTER_BROWSER_LOCAL): 'perhaps' is not true or false",
                        "cloudvoter.browser.webgl: 'sometimes' is not true or false",
                        "cloudvoter.browser.endpoints[0].url: 'http://x' is not a ws:// or wss:// URL",
                        "cloudvoter.stream.heartbeat: 'forever' is not a duration (write e.g. 30s, 5m, 1h30m, 500ms or PT30S)",
                        "cloudvoter.health.scheduler-stale: 0s is out of range 1s..1h",
                        "cloudvoter.auth.lockout: 'soon' is not a duration (write e.g. 30s, 5m, 1h30m, 500ms or PT30S)",
                        "cloudvoter.http.max-connections: 1 is out of range 8..10000",
                        "cloudvoter.tls.enabled: TLS needs either cert and key (PEM) or keystore (PKCS12), not neither",
                        "cloudvoter.alerts.guard-level: 'soft' is not hard, critical or off",
                        "cloudvoter.demo-votes-per-minute: 'none' is not a whole number"));
    }

    @Test
    void aKeyNoReaderKnowsIsAProblemNamingTheKnownOnes() throws IOException {
        var f = file("""
                cloudvoter:
                  max-concurent-runs: 4
                  guard:
                    cpu: { sofft: 80% }
                  strem: { replay: 10 }
                  instances:
                    - { id: poll-1, flow: f, cooldow: 1m }
                """);
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("cloudvoter.max-concurent-runs: not a setting (known here: ")
                                .endsWith("; did you mean max-concurrent-runs?"))
                        .contains("cloudvoter.guard.cpu.sofft: not a setting (known here: soft, hard, critical); did you mean soft?",
                                "cloudvoter.instances[0].cooldow: not a setting (known here: id, flow, cooldown, enabled, vars); did you mean cooldown?")
                        .anySatisfy(p -> assertThat(p).startsWith("cloudvoter.strem: not a setting").endsWith("; did you mean stream?"))
                        .hasSize(4));
    }

    @Test
    void aSectionWrittenAsAValueOrAValueAsASectionIsNamed() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(file("cloudvoter:\n  guard: off\n  port: { http: 80 }\n"), Map.of()))
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "cloudvoter.guard: is a single value here; it is a section of keys (see agent.yaml)",
                        "cloudvoter.port (CLOUDVOTER_PORT): is a section here; write a single value"));
    }

    @Test
    void supervisedIsABooleanLikeEveryOtherFromTheFileOrTheEnvironment() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of()).supervised()).isFalse();
        assertThat(ConfigLoader.load(file("cloudvoter:\n  supervised: yes\n"), Map.of()).supervised()).isTrue();
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_SUPERVISED", "on")).supervised()).isTrue();
        assertThat(ConfigLoader.load(file("cloudvoter:\n  supervised: true\n"), Map.of("CLOUDVOTER_SUPERVISED", "false")).supervised())
                .as("the environment wins").isFalse();
        assertThat(ConfigLoader.load(null, Map.of("INVOCATION_ID", "0123abcd")).supervised()).as("systemd").isTrue();
        assertThatThrownBy(() -> ConfigLoader.load(file("cloudvoter:\n  supervised: maybe\n"), Map.of()))
                .hasMessageContaining("cloudvoter.supervised (CLOUDVOTER_SUPERVISED): 'maybe' is not true or false");
    }

    @Test
    void theStopGraceIsFifteenSecondsUnlessSetAndBounded() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of()).stopGrace()).isEqualTo(Duration.ofSeconds(15));
        assertThat(ConfigLoader.load(file("cloudvoter:\n  stop-grace: 40s\n"), Map.of()).stopGrace()).isEqualTo(Duration.ofSeconds(40));
        assertThat(ConfigLoader.load(null, Map.of("CLOUDVOTER_STOP_GRACE", "0s")).stopGrace()).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> ConfigLoader.load(file("cloudvoter:\n  stop-grace: 1h\n"), Map.of()))
                .hasMessageContaining("cloudvoter.stop-grace (CLOUDVOTER_STOP_GRACE): 1h is out of range 0s..5m");
    }

    @Test
    void aKeyFarFromEveryKnownOneOrEquallyNearTwoGetsNoGuess() {
        assertThat(SectionReader.nearest("gaurd", java.util.List.of("guard", "browser"))).contains("guard");
        assertThat(SectionReader.nearest("colour", java.util.List.of("guard", "browser"))).isEmpty();
        assertThat(SectionReader.nearest("sot", java.util.List.of("soft", "hot"))).as("a tie").isEmpty();
        assertThat(SectionReader.nearest("ab", java.util.List.of("id"))).as("two edits of a two-letter key").isEmpty();
    }
}
