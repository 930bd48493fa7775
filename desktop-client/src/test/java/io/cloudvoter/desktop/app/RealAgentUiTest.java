package io.cloudvoter.desktop.app;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.AgentConnection;
import io.cloudvoter.desktop.connection.ConnectionStatus.Phase;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.testing.StreamWindow;
import io.cloudvoter.desktop.testing.TestWindows;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.RealAgents;
import io.cloudvoter.desktop.testing.VotePage;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RotatedToken;
import io.cloudvoter.model.events.CloseCodes;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window against the REAL agent (module {@code agent}: Helidon, its {@code /ws} event stream,
 * Chromium through Playwright, SQLite) on the headless toolkit: what the operator sees comes from the
 * agent's own snapshot and events, and the agent's close codes and refusals reach the window.
 */
@ExtendWith(FxToolkit.class)
class RealAgentUiTest {
    private static final String INSTANCES = """
              instances:
                - { id: e2e-1, flow: e2e-vote }
                - { id: e2e-2, flow: e2e-vote, enabled: false }
            """;
    private static final String SUPERVISED = "  supervised: true\n";

    @TempDir
    Path dir;

    private final List<String> questions = new CopyOnWriteArrayList<>();
    private VotePage page;
    private Agent agent;
    private FxUiExecutor executor;
    private TyrusEventStream stream;
    private MainWindow window;
    private AgentSession session;

    private Agent startAgent(String bind, int port, String yaml) {
        return RealAgents.start(dir.resolve("data"), bind, port, Map.of("e2e-vote.yaml", page.flow("e2e-vote")), INSTANCES + yaml);
    }

    /** The page, an agent with {@code yaml} added to its config, and the window connected to it. */
    private void open(String bind, String yaml) throws Exception {
        page = new VotePage();
        agent = startAgent(bind, 0, yaml);
        executor = new FxUiExecutor();
        stream = new TyrusEventStream();
        window = FxToolkit.run(() -> {
            var workbench = TestWindows.workbench(stream, executor, StreamWindow.quickBackoff(), new Notices(n -> { }));
            var w = TestWindows.open(workbench, dir.resolve("config"), executor, question -> questions.add(question));
            session = workbench.connect(new Profile("real", agent.baseUrl(), agent.tokens().reveal()));
            w.startTicking();
            return w;
        });
    }

    @AfterEach
    void close() throws Exception {
        TestWindows.close(window, stream, executor, agent, page);
    }

    private static <T> T fx(Callable<T> work) {
        try {
            return FxToolkit.run(work);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Phase phase() {
        return fx(() -> session.connection().status().phase());
    }

    private String header() {
        return fx(() -> window.header().connectionLabel().getText());
    }

    private void awaitSnapshot() {
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> session.instances().rows().size()) == 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no snapshot within 15 s; the link: " + fx(() -> session.connection().status()), e);
        }
        assertThat(header()).isEqualTo("Connected");
    }

    private boolean noticed(String title) {
        return fx(() -> window.workbench().notices().recent().stream().anyMatch(n -> n.title().equals(title)));
    }

    private Notice notice(String title) {
        return fx(() -> window.workbench().notices().recent().stream().filter(n -> n.title().equals(title)).findFirst().orElseThrow());
    }

    @Test
    void snapshotRunEventsLogsAndARestartedAgentReachTheWindow() throws Exception {
        open("127.0.0.1", "");
        // the table fills from the agent's snapshot
        awaitSnapshot();
        var table = fx(() -> window.currentWorkspace().instances().table());
        assertThat(fx(() -> table.getItems().stream().map(r -> r.id()).toList())).containsExactly("e2e-1", "e2e-2");
        assertThat(fx(() -> session.instances().row("e2e-2").status().state())).isEqualTo(InstanceState.DISABLED);
        assertThat(fx(() -> session.connection().lastSeq())).as("seq counts from the agent's start (ms x 1000)")
                .isGreaterThan(1_000_000_000_000_000L);

        // Run now: the real run's events update the row
        var runNow = fx(() -> {
            table.getSelectionModel().select(0);
            return (Button) window.scene().getRoot().lookupAll(".button").stream()
                    .filter(n -> n instanceof Button b && "Run now".equals(b.getText())).findFirst().orElseThrow();
        });
        fx(() -> {
            runNow.fire();
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> session.instances().row("e2e-1").status().lastOutcome())
                == Outcome.SUCCESS);
        var row = fx(() -> session.instances().row("e2e-1").status());
        assertThat(row.successes()).isEqualTo(1);
        assertThat(row.lastExtracted()).as("the count the page showed").isEqualTo(42.0);
        assertThat(row.lastMessage()).contains("Thanks for voting");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> session.instances().row("e2e-1").status().state())
                == InstanceState.STOPPED);

        // the agent's log lines arrive, tagged with their instance
        var logs = fx(() -> window.currentWorkspace().logs().list());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> logs.getItems().stream()
                .anyMatch(l -> "e2e-1".equals(l.instanceId()) && l.message().startsWith("run 1 SUCCESS"))));

        // the agent cuts the link as it cuts a client that fell behind (4000): the client resumes after its last seq
        // (read before the cut; events may still arrive before the cut lands, so the resume is after it or later)
        long seqAtCut = fx(() -> session.connection().lastSeq());
        long opened = agent.stream().opened();
        var streamLog = new LogRecords("io.cloudvoter.agent.stream.StreamEndpoint");
        try (streamLog) {
            agent.stream().closeAll(CloseCodes.TOO_SLOW, "too slow (cut by the test)");
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.stream().opened() == opened + 1 && phase() == Phase.CONNECTED);
            await().atMost(Duration.ofSeconds(5)).until(() -> streamLog.messages().stream()
                    .map(RealAgentUiTest::resumedAfter).anyMatch(since -> since >= seqAtCut));
        }
        assertThat(fx(() -> session.instances().row("e2e-1").status().successes())).isEqualTo(1);

        // the agent stops: the window says so, with the agent's reason
        int port = agent.port();
        long seqBefore = fx(() -> session.connection().lastSeq());
        var startedBefore = fx(() -> session.overview().agentProperty().get().startedAt());
        agent.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> header().startsWith("Disconnected"));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> window.workbench().notices().recent().stream()
                .anyMatch(n -> n.title().equals("Agent disconnected") && n.text().equals("the agent is stopping (1001); reconnecting"))));

        // a new agent on the same port and data dir: a fresh snapshot; the counts come from SQLite
        agent = startAgent("127.0.0.1", port, "");
        await().atMost(Duration.ofSeconds(15)).until(() -> phase() == Phase.CONNECTED
                && !fx(() -> session.overview().agentProperty().get().startedAt()).equals(startedBefore));
        assertThat(fx(() -> session.connection().lastSeq())).isGreaterThan(seqBefore);
        assertThat(fx(() -> session.instances().row("e2e-1").status().successes())).isEqualTo(1);
        assertThat(header()).isEqualTo("Connected");
    }

    @Test
    void aRotatedTokenStopsTheLinkWithoutGuessingUntilTheNewTokenIsGiven() throws Exception {
        open("127.0.0.1", "");
        awaitSnapshot();
        var http = HttpClient.newHttpClient();
        var rotate = http.send(HttpRequest.newBuilder(URI.create(agent.baseUrl() + "/api/token/rotate"))
                .header("Authorization", "Bearer " + agent.tokens().reveal()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rotate.statusCode()).isEqualTo(200);
        String fresh = Json.mapper().readValue(rotate.body(), RotatedToken.class).token();

        await().atMost(Duration.ofSeconds(10)).until(() -> phase() == Phase.NEEDS_TOKEN);
        assertThat(header()).isEqualTo("Token rotated — enter the new token");
        assertThat(fx(() -> session.connection().status().detail())).isEqualTo(AgentConnection.TOKEN_ROTATED);
        assertThat(fx(() -> session.connection().status().retryAt())).as("no retry planned").isNull();
        assertThat(notice("Token refused").text()).isEqualTo("the token was rotated (4001); enter the new token in Connections… (Ctrl+K)");
        // the longer texts of a refused link never make the window wider than it is (seen cut at 1280 px)
        assertThat(fx(() -> window.scene().getRoot().minWidth(-1))).as("the window's least width").isLessThanOrEqualTo(1200);
        assertThat(fx(() -> window.scene().getRoot().getLayoutBounds().getWidth())).isLessThanOrEqualTo(1200);

        // the operator saves the new token: a new link, a fresh snapshot
        var renewed = fx(() -> window.workbench().connect(new Profile("real", agent.baseUrl(), fresh)));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> renewed.instances().rows().size()) == 2);
        assertThat(header()).isEqualTo("Connected");
        var metrics = http.send(HttpRequest.newBuilder(URI.create(agent.baseUrl() + "/metrics"))
                .header("Authorization", "Bearer " + fresh).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).as("not one request with the old token").contains("cloudvoter_auth_failures_total 0");
    }

    @Test
    void restartingAnUnsupervisedAgentShowsTheAgentsReasonAndKeepsTheLink() throws Exception {
        open("127.0.0.1", "");
        awaitSnapshot();
        var restart = fx(() -> window.header().restartButton());
        assertThat(fx(restart::isDisabled)).isFalse();
        fx(() -> {
            restart.fire();
            return null;
        });
        assertThat(questions).singleElement().asString().startsWith("Restart the agent on real?");
        await().atMost(Duration.ofSeconds(10)).until(() -> noticed("Agent not restarted"));
        var notice = notice("Agent not restarted");
        assertThat(notice.level()).isEqualTo(Notice.Level.DANGER);
        assertThat(notice.text()).contains("not run by a supervisor").contains("CLOUDVOTER_SUPERVISED");
        assertThat(phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void restartingASupervisedAgentReconnectsToTheFreshOne() throws Exception {
        open("127.0.0.1", SUPERVISED);
        awaitSnapshot();
        var exited = new CompletableFuture<Integer>();
        agent.afterExitStop(exited::complete);
        var startedBefore = fx(() -> session.overview().agentProperty().get().startedAt());
        int port = agent.port();

        fx(() -> {
            window.header().restartButton().fire();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> noticed("Agent restarting"));
        assertThat(notice("Agent restarting").text()).contains("the supervisor starts the agent again");
        assertThat(exited.get(30, TimeUnit.SECONDS)).as("the restart exit code").isEqualTo(Agent.EXIT_RESTART);
        await().atMost(Duration.ofSeconds(10)).until(() -> header().startsWith("Disconnected"));

        // what systemd would do: a fresh agent on the same port and data dir
        agent = startAgent("127.0.0.1", port, SUPERVISED);
        await().atMost(Duration.ofSeconds(15)).until(() -> phase() == Phase.CONNECTED
                && !fx(() -> session.overview().agentProperty().get().startedAt()).equals(startedBefore));
        assertThat(fx(() -> session.instances().rows().size())).isEqualTo(2);
    }

    @Test
    void connectsToAnAgentOnAnIpv6Address() throws Exception {
        assumeThat(ipv6Loopback()).as("this machine has an IPv6 loopback").isTrue();
        open("::1", "");
        assertThat(agent.baseUrl()).startsWith("http://[::1]:");
        // Tyrus's own Origin header (http://[::1]:port) is refused by the agent's Origin check (403); none is sent
        awaitSnapshot();
    }

    /** The messages an agent logger writes while open (the agent runs in this JVM). */
    private static final class LogRecords extends java.util.logging.Handler implements AutoCloseable {
        private final java.util.logging.Logger logger;
        private final List<String> messages = new CopyOnWriteArrayList<>();

        LogRecords(String name) {
            logger = java.util.logging.Logger.getLogger(name);
            logger.addHandler(this);
        }

        List<String> messages() {
            return messages;
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            messages.add(new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    private static boolean ipv6Loopback() {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static final java.util.regex.Pattern RESUMED_AFTER = java.util.regex.Pattern.compile("resumed after (\\d+),");

    /** The seq in the agent's "resumed after N" log line, or -1 for another line. */
    private static long resumedAfter(String message) {
        var m = RESUMED_AFTER.matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
