package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.AgentConnection;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.ConnectionStatus;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.testing.StreamWindow;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.testing.Fixtures;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.StreamServer;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.RunFinished;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

import static io.cloudvoter.desktop.testing.Fixtures.instance;
import static io.cloudvoter.desktop.testing.Fixtures.log;
import static io.cloudvoter.desktop.testing.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window against a real WebSocket + REST server speaking the agent's protocol, over Tyrus and
 * java.net.http, with the real FX executor, on the headless toolkit.
 */
@ExtendWith(FxToolkit.class)
class DesktopUiTest {
    @TempDir
    Path config;

    private StreamWindow ui;
    private StreamServer server;
    private MainWindow window;
    private AgentSession session;

    @BeforeEach
    void open() throws Exception {
        server = new StreamServer("droplet-1");
        var now = Instant.now();
        server.putInstance(instance("poll-1", InstanceState.SCHEDULED, 3, 0));
        server.putInstance(instance("poll-2", InstanceState.SCHEDULED, 5, 1));
        server.putInstance(instance("poll-3", InstanceState.DISABLED, 0, 0));
        server.addLog(log(now, "INFO", "poll-1", "[instance poll-1] run 3 SUCCESS in 812 ms"));
        server.addLog(log(now, "WARNING", "poll-2", "[instance poll-2] run 6 FAILED: Voting is closed"));
        server.addLog(log(now, "INFO", null, "Flows in /data/flows: 1 valid, 0 rejected"));
        for (int i = 3; i > 0; i--) {
            server.addSample(Fixtures.sample(now.minusSeconds(i * 5L), 20 + i, 70, 300 + i));
        }
        server.addGuardAction(new GuardAction(now.minusSeconds(7), "HARD", "recycle-browser", "Chromium PSS 742 MB > 700 MB"));
        ui = new StreamWindow(server, config, StreamWindow.quickBackoff());
        window = ui.window;
        session = ui.session;
    }

    @AfterEach
    void close() throws Exception {
        ui.close();
    }

    private static <T> T fx(Callable<T> work) {
        return StreamWindow.fx(work);
    }

    private void awaitConnected() {
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> session.instances().rows().size()) == 3);
    }

    @Test
    void theInstancesTableFillsFromTheSnapshot() throws Exception {
        awaitConnected();
        var table = fx(() -> window.currentWorkspace().instances().table());
        assertThat(fx(() -> table.getItems().stream().map(r -> r.id()).toList())).containsExactly("poll-1", "poll-2", "poll-3");
        assertThat(fx(() -> window.header().connectionLabel().getText())).isEqualTo("Connected");
        assertThat(fx(() -> visibleTexts(table))).contains("poll-2", "scheduled", "disabled", "5");
        // Only the tab in view holds its view: hidden views cost no CSS or layout.
        assertThat(fx(() -> window.tab("Logs").getContent())).isNull();
        fx(() -> {
            window.select("Logs");
            return null;
        });
        assertThat(fx(() -> window.tab("Logs").getContent() == window.currentWorkspace().logs())).isTrue();
        assertThat(fx(() -> window.tab("Instances").getContent())).isNull();
        fx(() -> {
            window.select("Instances");
            return null;
        });
        assertThat(fx(() -> visibleTexts(table))).as("the same table, back in view").contains("poll-2", "scheduled");
    }

    @Test
    void aRunFinishedEventUpdatesItsRow() throws Exception {
        awaitConnected();
        server.publish((seq, t) -> new RunFinished(seq, t, run(77, "poll-1", Outcome.FAILED, Fixtures.T0.plusSeconds(60))));
        var table = fx(() -> window.currentWorkspace().instances().table());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> table.getItems().getFirst().status().lastOutcome()) == Outcome.FAILED);
        var status = fx(() -> table.getItems().getFirst().status());
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.lastMessage()).isEqualTo("Voting is closed");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> visibleTexts(table)).contains("failed"));
    }

    @Test
    void theLogFilterFilters() throws Exception {
        awaitConnected();
        server.publish((seq, t) -> new LogEvent(seq, t, log(Instant.now(), "SEVERE", null, "browser crashed; relaunching"), 0));
        fx(() -> {
            window.select("Logs");
            return null;
        });
        var logs = fx(() -> window.currentWorkspace().logs());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> logs.list().getItems().size()) == 4);

        fx(() -> {
            logs.filterField().setText("closed");
            return null;
        });
        assertThat(fx(() -> logs.list().getItems().stream().map(LogLine::message).toList()))
                .containsExactly("[instance poll-2] run 6 FAILED: Voting is closed");

        fx(() -> {
            logs.filterField().setText("");
            logs.levelChoice().setValue("WARNING");
            return null;
        });
        assertThat(fx(() -> logs.list().getItems().stream().map(LogLine::level).toList())).containsExactly("WARNING", "SEVERE");

        fx(() -> {
            logs.levelChoice().setValue("All levels");
            logs.instanceChoice().setValue("poll-1");
            return null;
        });
        assertThat(fx(() -> logs.list().getItems().stream().map(LogLine::instanceId).toList())).containsExactly("poll-1");
    }

    @Test
    void clickingRunNowSendsTheRestCall() throws Exception {
        awaitConnected();
        var runNow = fx(() -> {
            var table = window.currentWorkspace().instances().table();
            table.getSelectionModel().select(1);
            return (Button) window.scene().getRoot().lookupAll(".button").stream()
                    .filter(n -> n instanceof Button b && b.getText().equals("Run now")).findFirst().orElseThrow();
        });
        assertThat(fx(runNow::isDisabled)).isFalse();
        fx(() -> {
            runNow.fire();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.calls().contains("POST /api/instances/poll-2/run"));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> window.workbench().notices().recent().stream()
                .anyMatch(n -> n.title().equals("Run now") && n.text().equals("poll-2: run requested"))));
    }

    @Test
    void aDroppedConnectionShowsAsDisconnectedAndRecovers() throws Exception {
        awaitConnected();
        server.publish((seq, t) -> new LogEvent(seq, t, log(Instant.now(), "INFO", null, "before the drop"), 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> session.connection().lastSeq()) == server.seq());
        long before = fx(() -> session.connection().lastSeq());
        server.refuseUpgrades(true);
        server.dropAll(4000);

        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> window.header().connectionLabel().getText()).startsWith("Disconnected"));
        assertThat(fx(() -> session.connection().status().detail())).isIn(
                "the agent cut the link: this client fell behind (4000)",
                "the agent refused the event stream (HTTP 503)");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> window.workbench().notices().recent().stream()
                .anyMatch(n -> n.title().equals("Agent disconnected"))));
        // events go on while the client is away; the resume brings them
        server.publish((seq, t) -> new RunFinished(seq, t, run(78, "poll-3", Outcome.SUCCESS, Fixtures.T0.plusSeconds(60))));

        server.refuseUpgrades(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> session.connection().status().phase())
                == ConnectionStatus.Phase.CONNECTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> session.instances().row("poll-3").status().lastOutcome())
                == Outcome.SUCCESS);
        assertThat(fx(() -> session.connection().lastSeq())).isGreaterThan(before);
        assertThat(server.lastSince()).as("resumed after the last event seen").isEqualTo(before);
        assertThat(fx(() -> window.header().connectionLabel().getText())).isEqualTo("Connected");
    }

    @Test
    void aWrongTokenIsShownAsTheReasonItCannotConnectUntilTheProfileHasTheRightOne() throws Exception {
        awaitConnected();
        String url = server.url().replace("127.0.0.1", "localhost");
        var wrong = fx(() -> window.workbench().connect(new Profile("wrong", url, "not-the-token-00000000")));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> wrong.connection().status().phase())
                == ConnectionStatus.Phase.NEEDS_TOKEN);
        assertThat(fx(() -> wrong.connection().status().detail())).isEqualTo(AgentConnection.TOKEN_REJECTED);
        assertThat(fx(() -> session.connection().status().connected())).as("the other agent is not affected").isTrue();
        fx(() -> {
            window.workbench().currentProperty().set(wrong);
            return null;
        });
        assertThat(fx(() -> window.header().connectionLabel().getText())).isEqualTo("Token rejected — enter the new token");
        int upgrades = server.upgrades();
        assertThat(fx(() -> window.workbench().notices().recent().stream().anyMatch(n -> n.title().equals("Token refused"))))
                .isTrue();

        // the operator saves the profile with the right token: the session is replaced and connects
        var fixed = fx(() -> window.workbench().connect(new Profile("wrong", url, StreamServer.TOKEN)));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> fixed.connection().status().connected()));
        assertThat(server.upgrades()).as("one new try, with the new token").isEqualTo(upgrades + 1);
        assertThat(fx(() -> window.workbench().sessions())).containsExactly(session, fixed);
        assertThat(fx(() -> wrong.connection().status().phase())).isEqualTo(ConnectionStatus.Phase.CLOSED);
        assertThat(fx(() -> window.header().connectionLabel().getText())).isEqualTo("Connected");
    }

    @Test
    void theUpgradeOffersTheSubprotocolAndSendsNoOrigin() throws Exception {
        awaitConnected();
        var headers = server.lastUpgrade();
        assertThat(headers.contains(io.helidon.http.HeaderNames.ORIGIN)).as("a desktop client has no origin").isFalse();
        assertThat(headers.get(io.helidon.http.HeaderNames.create("Sec-WebSocket-Protocol")).allValues(true))
                .containsExactly("cloudvoter.v1");
        assertThat(headers.get(io.helidon.http.HeaderNames.AUTHORIZATION).get()).isEqualTo("Bearer " + StreamServer.TOKEN);
    }

    @Test
    void theResourceChartsShowTheLastFifteenMinutesWithGuardMarkers() throws Exception {
        awaitConnected();
        fx(() -> {
            window.select("Resources");
            return null;
        });
        var view = fx(() -> window.currentWorkspace().resources());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> view.cpuChart().getData().getFirst().getData().size()) == 3);
        var latest = fx(() -> session.resources().latest().time());
        assertThat(fx(() -> view.cpuChart().timeAxis().getUpperBound())).isEqualTo(latest.getEpochSecond());
        assertThat(fx(() -> view.cpuChart().timeAxis().getLowerBound())).isEqualTo(latest.getEpochSecond() - 900);
        var percent = fx(() -> (javafx.scene.chart.NumberAxis) view.cpuChart().getYAxis());
        assertThat(fx(() -> List.of(percent.isAutoRanging(), percent.getLowerBound(), percent.getUpperBound())))
                .containsExactly(false, 0.0, 100.0);
        assertThat(fx(() -> view.memoryChart().getData().stream().map(s -> s.getName()).toList()))
                .containsExactly("Machine used", "Agent (PSS)", "Chromium (PSS)");
        assertThat(fx(() -> view.memoryChart().markers().stream().map(m -> m.label()).toList())).containsExactly("recycle-browser");

        server.publish((seq, t) -> new io.cloudvoter.model.events.GuardEvent(seq, t,
                new GuardAction(Instant.now(), "NORMAL", "admit", "every reading back under its soft threshold")));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx(() -> view.guardList().getItems().size()) == 2);
        assertThat(fx(() -> view.guardList().getItems().stream().map(GuardAction::action).toList()))
                .as("newest first").containsExactly("admit", "recycle-browser");
    }

    @Test
    void theHistoryIsLoadedWhenItsTabIsFirstShownNotWhenTheWindowOpens() throws Exception {
        awaitConnected();
        FxToolkit.flush();
        assertThat(server.calls()).noneMatch(c -> c.startsWith("GET /api/runs"));
        fx(() -> {
            window.select("History");
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.calls().stream().anyMatch(c -> c.startsWith("GET /api/runs")));
    }

    @Test
    void aFailedRunsScreenshotShowsFramedAndOpensAtFullSizeOnAClick() throws Exception {
        var picture = new java.awt.image.BufferedImage(640, 360, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", png);
        server.addRun(run(91, "poll-2", Outcome.FAILED, Instant.now().minusSeconds(60)));
        server.addArtifact(91, png.toByteArray());
        awaitConnected();
        fx(() -> {
            window.select("History");
            return null;
        });
        var table = fx(() -> window.currentWorkspace().history().table());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> table.getItems().size()) == 1);
        fx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });
        var frame = fx(() -> window.scene().getRoot().lookup(".artifact-frame"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(frame::isVisible));

        int windows = fx(() -> javafx.stage.Window.getWindows().size());
        fx(() -> {
            frame.getOnMouseClicked().handle(null);
            return null;
        });
        var opened = fx(() -> javafx.stage.Window.getWindows().stream().filter(w -> w instanceof Stage st
                && st.getTitle() != null && st.getTitle().startsWith("Run 91")).findFirst().orElseThrow());
        assertThat(fx(() -> javafx.stage.Window.getWindows().size())).isEqualTo(windows + 1);
        var image = fx(() -> ((javafx.scene.image.ImageView) ((javafx.scene.control.ScrollPane) opened.getScene().getRoot())
                .getContent()).getImage());
        assertThat(image.getWidth()).as("full size").isEqualTo(640);
    }

    private static List<String> visibleTexts(Node root) {
        return root.lookupAll(".table-cell").stream().flatMap(n -> {
            var texts = new java.util.ArrayList<String>();
            if (n instanceof Labeled l && l.getText() != null) {
                texts.add(l.getText());
            }
            if (n instanceof Labeled l && l.getGraphic() != null) {
                l.getGraphic().lookupAll(".label").forEach(g -> texts.add(((Labeled) g).getText()));
                if (l.getGraphic() instanceof Labeled g) {
                    texts.add(g.getText());
                }
            }
            return texts.stream();
        }).toList();
    }
}
