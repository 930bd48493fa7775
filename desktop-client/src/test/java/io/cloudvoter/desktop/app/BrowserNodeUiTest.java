package io.cloudvoter.desktop.app;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.BrowserNode;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.TyrusEventStream;
import io.cloudvoter.desktop.fleet.FleetView;
import io.cloudvoter.desktop.notify.Notices;
import io.cloudvoter.desktop.resources.WorkersTable;
import io.cloudvoter.desktop.session.AgentSession;
import io.cloudvoter.desktop.testing.StreamWindow;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.RealAgents;
import io.cloudvoter.desktop.testing.TestWindows;
import io.cloudvoter.desktop.testing.VotePage;
import io.cloudvoter.model.api.WorkerStatus;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The window against the real agent with a local worker and a real browser node (Playwright's
 * server in a child JVM, the agent's test fixture): Resources lists both workers and Fleet counts
 * them; the node killed with -9 turns FAILED in both, with the reason on hover in Fleet, and back UP
 * when it is restarted. Everything comes from the agent's own /ws snapshot and resources events.
 */
@ExtendWith(FxToolkit.class)
class BrowserNodeUiTest {
    @TempDir
    Path dir;

    private BrowserNode node;
    private VotePage page;
    private Agent agent;
    private FxUiExecutor executor;
    private TyrusEventStream stream;
    private MainWindow window;
    private AgentSession session;

    @AfterEach
    void close() throws Exception {
        TestWindows.close(window, stream, executor, agent, node, page);
    }

    @Test
    void aKilledBrowserNodeTurnsFailedInResourcesAndFleetAndComesBackUp() throws Exception {
        node = BrowserNode.start(dir.resolve("node"));
        page = new VotePage();
        agent = RealAgents.start(dir.resolve("data"), "127.0.0.1", 0, Map.of("e2e-vote.yaml", page.flow("e2e-vote")), """
                  browser:
                    workers: 1
                    idle-close-after: off
                    endpoints:
                      - url: "%s"
                        runs: 4
                  health:
                    browser-probe-interval: 5s
                """.formatted(node.wsEndpoint()), Duration.ofSeconds(1));
        // a node's worker connects on its first run; the test connects it directly rather than overflow the local worker
        agent.browser().workers().get(1).probe().get(90, TimeUnit.SECONDS);
        openWindow();
        var table = fx(() -> window.currentWorkspace().resources().workersTable());
        var fleet = fx(() -> window.fleet());

        await().atMost(Duration.ofSeconds(30)).until(() -> states(table), List.of("UP", "UP")::equals);
        var remote = fx(() -> table.getItems().get(1));
        assertThat(remote.kind()).isEqualTo("remote");
        assertThat(remote.endpoint()).isEqualTo(node.wsEndpoint());
        assertThat(remote.capacity()).isEqualTo(4);
        assertThat(remote.version()).as("the Chromium the node runs").isNotBlank();
        fx(() -> {
            window.select("Resources");
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> cellTexts(table), t -> t.contains("browser node") && t.contains("0 / 4")
                && t.contains(node.wsEndpoint()));
        fx(() -> {
            window.select("Fleet");
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> workersBadge(fleet), "2 up"::equals);

        node.kill();

        // An idle node's loss shows at the agent's next look at it (every sample, here 1 s; 5 s by default) or
        // the next run sent there; the resources sample after that brings it here.
        await().atMost(Duration.ofSeconds(60)).until(() -> states(table), List.of("UP", "FAILED")::equals);
        var failed = fx(() -> table.getItems().get(1));
        assertThat(failed.lastError()).as("why it failed").isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> workersBadge(fleet), "1 up, 1 failed"::equals);
        assertThat(fx(() -> workersTooltip(fleet))).startsWith("worker-2 (" + node.wsEndpoint() + "): ");
        fx(() -> {
            window.select("Resources");
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> cellTexts(table), t -> t.contains("failed"));

        node.restart();
        await().atMost(Duration.ofSeconds(120)).until(() -> states(table), List.of("UP", "UP")::equals);
        fx(() -> {
            window.select("Fleet");
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> workersBadge(fleet), "2 up"::equals);
        assertThat(fx(() -> workersTooltip(fleet))).as("no failing worker to explain").isNull();
    }

    private void openWindow() throws Exception {
        executor = new FxUiExecutor();
        stream = new TyrusEventStream();
        window = FxToolkit.run(() -> {
            var workbench = TestWindows.workbench(stream, executor, StreamWindow.quickBackoff(), new Notices(n -> { }));
            var w = TestWindows.open(workbench, dir.resolve("config"), executor, question -> true);
            session = workbench.connect(new Profile("with-node", agent.baseUrl(), agent.tokens().reveal()));
            w.startTicking();
            return w;
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> session.resources().workers().size()) == 2);
    }

    private static List<String> states(WorkersTable table) {
        return fx(() -> table.getItems().stream().map(WorkerStatus::state).toList());
    }

    /** What the table's cells show now (text and badges), as the operator reads them. */
    private static String cellTexts(WorkersTable table) {
        return fx(() -> {
            var out = new StringBuilder();
            for (Node n : table.lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> c && !c.isEmpty()) {
                    out.append(c.getText() == null ? "" : c.getText()).append(" | ");
                    if (c.getGraphic() instanceof Label l) {
                        out.append(l.getText()).append(" | ");
                    }
                }
            }
            return out.toString();
        });
    }

    private static TableCell<?, ?> workersCell(FleetView fleet) {
        for (Node n : fleet.table().lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> c && !c.isEmpty() && "Workers".equals(c.getTableColumn().getText())) {
                return c;
            }
        }
        return null;
    }

    private static String workersBadge(FleetView fleet) {
        return fx(() -> {
            var c = workersCell(fleet);
            return c != null && c.getGraphic() instanceof Label l ? l.getText() : null;
        });
    }

    private static String workersTooltip(FleetView fleet) {
        var c = workersCell(fleet);
        return c == null || c.getTooltip() == null ? null : c.getTooltip().getText();
    }

    private static <T> T fx(Callable<T> work) {
        try {
            return FxToolkit.run(work);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
