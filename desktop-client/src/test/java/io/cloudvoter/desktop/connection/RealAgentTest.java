package io.cloudvoter.desktop.connection;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.desktop.controls.ControlsModel;
import io.cloudvoter.desktop.history.HistoryApi;
import io.cloudvoter.desktop.history.HistoryModel;
import io.cloudvoter.desktop.history.RunFilter;
import io.cloudvoter.desktop.instances.InstancesModel;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.session.AgentOverview;
import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client's REST side against the real agent (demo target, real Chromium, real SQLite), monitoring
 * stopped so that only the runs this test asks for happen.
 */
class RealAgentTest {
    private static final String TOKEN = "desktop-test-token-0123456789";

    @TempDir
    static Path data;
    private static Agent agent;
    private static AgentApi api;
    private final FakeClock clock = new FakeClock(Instant.now());
    private final SameThreadExecutor executor = new SameThreadExecutor(clock);
    private final List<Notice> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(data.resolve("monitoring-stopped"), "test\n");
        // The guard as quiet as in RealAgents: "the agent" here is the whole test JVM, whose PSS alone can
        // pass the default agent-pss soft threshold (seen: 703 MB > 650 MB, run now held for a minute).
        var config = data.resolve("test-agent.yaml");
        Files.writeString(config, io.cloudvoter.desktop.testing.RealAgents.QUIET_GUARD);
        agent = Agent.start(ConfigLoader.load(config, Map.of("CLOUDVOTER_DATA_DIR", data.toString(), "CLOUDVOTER_PORT", "0",
                "CLOUDVOTER_TOKEN", TOKEN, "CLOUDVOTER_DEMO", "true")));
        api = new AgentApi(AgentApi.newHttpClient(), new Profile("real", agent.baseUrl(), TOKEN));
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void runNowRunsTheFlowAndTheHistoryShowsIt() throws Exception {
        assertThat(api.status().instances()).extracting(i -> i.id()).containsExactly("demo-1", "demo-2", "demo-3");
        // Another test here may have started monitoring for a moment; its run of demo-1 must end first.
        awaitNothingInFlight();
        var history = new HistoryModel(api, executor, clock, ZoneOffset.UTC, notices::add);
        history.filterProperty().set(new RunFilter("demo-1", null, "1h"));
        history.load();
        long successesBefore = history.perInstance().stream().mapToLong(s -> s.successes()).sum();
        long lastIdBefore = history.runs().stream().mapToLong(RunRecord::id).max().orElse(0);

        var instances = new InstancesModel(api, executor, clock, notices::add);
        instances.runNow("demo-1");
        assertThat(notices).singleElement().extracting(Notice::text).isEqualTo("demo-1: run requested");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            history.load();
            return history.runs().stream().anyMatch(r -> r.id() > lastIdBefore && r.outcome().isFinal());
        });
        RunRecord run = history.runs().getFirst();
        assertThat(run.id()).as("the newest run is the one asked for").isGreaterThan(lastIdBefore);
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.extracted()).isNotNull();
        assertThat(history.perInstance()).singleElement().satisfies(s -> assertThat(s.successes()).isEqualTo(successesBefore + 1));
    }

    /** Stopping monitoring admits nothing new but lets runs in flight finish; tests after it start from quiet. */
    private static void awaitNothingInFlight() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(api.status().instances()).extracting(i -> i.state())
                        .doesNotContain(InstanceState.RUNNING, InstanceState.QUEUED));
    }

    @Test
    void theAgentsRefusalReachesTheOperatorInItsOwnWords() {
        var instances = new InstancesModel(api, executor, clock, notices::add);
        instances.runNow("no-such-instance");
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.DANGER);
            assertThat(n.title()).isEqualTo("Run now failed");
            assertThat(n.text()).isEqualTo("no-such-instance: no instance 'no-such-instance'");
        });
    }

    @Test
    void enableDisableMonitoringAndRecycleActOnTheAgent() throws Exception {
        var instances = new InstancesModel(api, executor, clock, notices::add);
        instances.setEnabled("demo-3", false);
        assertThat(api.status().instances().stream().filter(i -> i.id().equals("demo-3")).findFirst().orElseThrow().enabled())
                .isFalse();
        instances.setEnabled("demo-3", true);

        var overview = new AgentOverview();
        var controls = new ControlsModel(api, overview, executor, clock, notices::add);
        controls.setMonitoring(true);
        assertThat(api.status().monitoring()).isTrue();
        assertThat(overview.monitoring()).isTrue();
        controls.setMonitoring(false);
        assertThat(api.status().monitoring()).isFalse();
        awaitNothingInFlight();
        controls.recycleBrowser();
        assertThat(notices).extracting(Notice::title).contains("Monitoring started", "Monitoring stopped", "Browser recycled");
    }

    @Test
    void anUnsupervisedAgentRefusesARestartAndTheOperatorReadsWhy() throws Exception {
        var controls = new ControlsModel(api, new AgentOverview(), executor, clock, notices::add);
        controls.restartAgent();
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.DANGER);
            assertThat(n.title()).isEqualTo("Agent not restarted");
            assertThat(n.text()).contains("not run by a supervisor").contains("CLOUDVOTER_SUPERVISED");
        });
        assertThat(api.status().agent()).as("still the same agent").isNotNull();
    }

    @Test
    void uploadsAStorageStateFile(@TempDir Path dir) throws Exception {
        var good = dir.resolve("state.json");
        Files.writeString(good, "{\"cookies\":[],\"origins\":[]}");
        var bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"cookies\": 3}");
        var instances = new InstancesModel(api, executor, clock, notices::add);

        instances.uploadStorageState("demo-2", good);
        assertThat(api.status().instances().stream().filter(i -> i.id().equals("demo-2")).findFirst().orElseThrow()
                .hasStorageState()).isTrue();
        instances.uploadStorageState("demo-2", bad);
        assertThat(notices).extracting(Notice::title).containsExactly("Storage state uploaded", "Upload failed");
        assertThat(notices.getLast().text()).startsWith("demo-2: ").contains("cookies");
    }

    @Test
    void aWrongTokenIsRefusedWithTheAgentsMessage() {
        var wrong = new AgentApi(AgentApi.newHttpClient(), new Profile("real", agent.baseUrl(), "not-the-token-000000"));
        assertThatThrownBy(wrong::status).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.unauthorized()).isTrue();
            assertThat(e.getMessage()).startsWith("missing or wrong token");
        });
    }

    @Test
    void exportsTheRealCsv(@TempDir Path dir) throws Exception {
        long bytes = new HistoryApi(api).exportCsv(RunFilter.ALL, dir.resolve("runs.csv"));
        assertThat(bytes).isPositive();
        assertThat(Files.readAllLines(dir.resolve("runs.csv")).getFirst()).startsWith("id,");
    }
}
