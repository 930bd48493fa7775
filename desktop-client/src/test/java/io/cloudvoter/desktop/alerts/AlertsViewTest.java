package io.cloudvoter.desktop.alerts;

import com.sun.net.httpserver.HttpServer;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.desktop.app.MainWindow;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.testing.StreamWindow;
import io.cloudvoter.desktop.testing.TestWindows;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.RealAgents;
import io.cloudvoter.desktop.testing.VotePage;
import io.cloudvoter.model.api.AlertState;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Alerts tab against the real agent: an alert its rules raise shows up as an open alert and as
 * an OS notification, a mute set here reaches the agent, and a channel's Test button sends through it.
 */
@ExtendWith(FxToolkit.class)
class AlertsViewTest {
    @TempDir
    Path dir;
    final List<Notice> osNotified = new CopyOnWriteArrayList<>();
    final List<String> hookBodies = new CopyOnWriteArrayList<>();
    VotePage page;
    HttpServer hook;
    Agent agent;
    FxUiExecutor executor;
    TyrusEventStream stream;
    MainWindow window;
    AgentSession session;

    static <T> T fx(Callable<T> work) {
        try {
            return FxToolkit.run(work);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void open() throws Exception {
        page = new VotePage();
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            hookBodies.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        // "Votes so far" is on every load of the page: with it as the failure text, every run fails.
        String failing = page.flow("e2e-fail").replace("success: [\"Thanks for voting\"]", "failure: [\"Votes so far\"]");
        agent = RealAgents.start(dir.resolve("data"), "127.0.0.1", 0, Map.of("e2e-fail.yaml", failing), """
                  instances:
                    - { id: e2e-1, flow: e2e-fail }
                  alerts:
                    evaluate-every: 100ms
                    failures-in-a-row: 1
                    channels:
                      - { name: hook, type: webhook, url: "http://127.0.0.1:%d/hook" }
                """.formatted(hook.getAddress().getPort()));
        executor = new FxUiExecutor();
        stream = new TyrusEventStream();
        window = FxToolkit.run(() -> {
            var workbench = TestWindows.workbench(stream, executor, StreamWindow.quickBackoff(), new Notices(osNotified::add));
            var w = TestWindows.open(workbench, dir.resolve("config"), executor, q -> true);
            // TestWindows' 1200 × 760: a stage the size of Monocle's headless screen (1280 × 800) overflows
            // its painter's buffer (BufferOverflowException in UploadingPainter at every frame)
            session = workbench.connect(new Profile("real", agent.baseUrl(), agent.tokens().reveal()));
            w.select("Alerts");
            return w;
        });
    }

    @AfterEach
    void close() throws Exception {
        TestWindows.close(window, stream, executor, agent, hook == null ? null : () -> hook.stop(0), page);
    }

    @Test
    void anAgentAlertShowsAndNotifiesAndTheViewMutesAndTestsChannels() throws Exception {
        open();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> session.connection().status().connected()));
        assertThat(fx(() -> window.selectedTab())).isEqualTo("Alerts");
        var view = fx(() -> window.currentWorkspace().alerts());
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> session.alerts().channels().size()) == 1);

        agent.scheduler().runNow("e2e-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> fx(() -> view.openTable().getItems().size()) == 1);
        var alert = fx(() -> view.openTable().getItems().getFirst());
        assertThat(alert.key()).isEqualTo("failures-in-a-row:instance:e2e-1");
        assertThat(alert.state()).isEqualTo(AlertState.OPEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> osNotified.stream()
                .anyMatch(n -> n.title().equals("Alert: failures in a row · e2e-1") && n.agent().equals("real")));
        await().atMost(Duration.ofSeconds(20)).until(() -> hookBodies.stream().anyMatch(b -> b.contains("\"event\":\"open\"")));

        // a mute from the toolbar reaches the agent
        fx(() -> {
            view.scopeChoice().getEditor().setText("instance:e2e-1");
            view.durationChoice().setValue("4 hours");
            ((Button) view.lookup("#mute")).fire();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> session.alerts().mutes().size()) == 1);
        var mutes = session.api().getJson("/api/alerts/mutes", io.cloudvoter.model.api.AlertMuteList.class).mutes();
        assertThat(mutes).singleElement().satisfies(m -> assertThat(m.scope()).isEqualTo("instance:e2e-1"));

        // the channel's Test button
        fx(() -> {
            view.details().getSelectionModel().select(2);
            return null;
        });
        FxToolkit.flush();
        var test = fx(() -> (Button) view.lookup("#test-hook"));
        assertThat(test).as("the Channels tab shows a Test button for channel hook").isNotNull();
        fx(() -> {
            test.fire();
            return null;
        });
        // untilAsserted: a failure shows what the status line said instead
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fx(() -> view.lookup("#alerts-status")
                instanceof javafx.scene.control.Label l ? l.getText() : "no #alerts-status label"))
                .isEqualTo("Test notification delivered to hook."));
        assertThat(hookBodies).anyMatch(b -> b.contains("\"event\":\"test\""));

        // the deliveries, with the alert's own, as the agent's outbox holds them
        fx(() -> {
            view.details().getSelectionModel().select(1);
            return null;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> session.alerts().deliveries().stream()
                .anyMatch(d -> d.kind().equals("OPEN") && d.state().equals("DELIVERED") && d.alertKey().equals(alert.key()))));
        FxToolkit.flush();
        snapshot(dir.resolve("alerts-view.png"));
    }

    /** A picture of the window, kept under target/ when {@code cloudvoter.screenshots} names a folder. */
    void snapshot(Path fallback) throws Exception {
        String folder = System.getProperty("cloudvoter.screenshots");
        Path file = folder == null ? fallback : Path.of(folder).resolve("alerts-view.png");
        Files.createDirectories(file.getParent());
        var image = fx(() -> window.scene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        assertThat(file).isNotEmptyFile();
    }
}
