package io.cloudvoter.desktop.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.ConfigDir;
import io.cloudvoter.desktop.connection.ConnectionStatus.Phase;
import io.cloudvoter.desktop.connection.ConnectionsDialog;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.connection.ProfileBook;
import io.cloudvoter.desktop.connection.ProfileStore;
import io.cloudvoter.desktop.instances.InstanceRow;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.StreamServer;
import io.cloudvoter.desktop.testing.StreamWindow;
import io.cloudvoter.desktop.widgets.StaleBanner;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import javafx.application.Application;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cloudvoter.desktop.testing.Fixtures.instance;
import static io.cloudvoter.desktop.testing.StreamWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rough edges an operator's day found (issue 18), each against the real window and a real
 * WebSocket + REST server: every test here failed before its fix.
 */
@ExtendWith(FxToolkit.class)
class OperatorDayUiTest {
    @TempDir
    Path config;

    private StreamWindow ui;

    private StreamWindow open(StreamServer server, java.util.function.Supplier<Backoff> backoff) throws Exception {
        server.putInstance(instance("poll-1", InstanceState.SCHEDULED, 3, 0));
        server.putInstance(instance("poll-2", InstanceState.SCHEDULED, 5, 1));
        ui = new StreamWindow(server, config, backoff);
        await().atMost(Duration.ofSeconds(15)).until(() -> fx(() -> ui.session.instances().rows().size()) == 2);
        return ui;
    }

    private StreamWindow open() throws Exception {
        return open(new StreamServer("droplet-1"), StreamWindow.quickBackoff());
    }

    @AfterEach
    void close() throws Exception {
        if (ui != null) {
            ui.close();
        }
    }

    private static Button button(Node root, String text) {
        return (Button) root.lookupAll(".button").stream().filter(n -> n instanceof Button b && text.equals(b.getText()))
                .findFirst().orElseThrow(() -> new AssertionError("no button '" + text + "'"));
    }

    @Test
    void aProfileSavedWithTheCommandLineAgentsUrlIsASecondEntryAndTheWorkingLinkStays() throws Exception {
        var server = new StreamServer("droplet-1");
        server.putInstance(instance("poll-1", InstanceState.SCHEDULED, 3, 0));
        var cli = new Profile(null, server.url(), StreamServer.TOKEN); // --agent URL --token-file F
        var executor = new io.cloudvoter.desktop.concurrent.FxUiExecutor();
        var stream = new io.cloudvoter.desktop.connection.TyrusEventStream();
        try {
            var parts = fx(() -> {
                var workbench = new Workbench(io.cloudvoter.desktop.connection.AgentApi.newHttpClient(), stream, executor,
                        java.time.Clock.systemUTC(), java.time.ZoneOffset.UTC, StreamWindow.quickBackoff(),
                        new io.cloudvoter.desktop.notify.Notices(n -> { }));
                var book = new ProfileBook(List.of(), List.of(cli), new ProfileStore(new ConfigDir(config)), executor, p -> { });
                workbench.follow(book);
                book.openAtStart().forEach(workbench::connect);
                var dialog = ConnectionsDialog.show(null, book, workbench::connect, null);
                return new Object[]{workbench, book, dialog};
            });
            var workbench = (Workbench) parts[0];
            var dialog = (Stage) parts[2];
            var first = fx(() -> workbench.sessions().getFirst());
            await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> first.connection().status().connected()));

            var list = fx(() -> (ListView<?>) dialog.getScene().getRoot().lookup(".list-view"));
            assertThat(fx(() -> list.getItems().size())).as("the command-line agent is listed").isEqualTo(1);
            fx(() -> {
                var root = dialog.getScene().getRoot();
                var fields = root.lookupAll(".text-field").stream().map(n -> (TextField) n).toList();
                fields.get(0).setText("wrong-token");          // name
                fields.get(2).setText(server.url());           // the same URL (1 is "via SSH")
                fields.get(3).setText("not-the-token-0000000"); // token
                button(root, "Save").fire();
            });
            assertThat(fx(() -> list.getItems().stream().map(p -> ((Profile) p).name()).toList()))
                    .containsExactly(cli.name(), "wrong-token");
            assertThat(fx(() -> workbench.sessions())).as("saving connects nothing and replaces nothing").containsExactly(first);
            assertThat(fx(() -> first.connection().status().connected())).isTrue();
            var cells = fx(() -> {
                list.applyCss();
                list.layout();
                return list.lookupAll(".list-cell").stream().map(n -> ((Labeled) n).getText()).filter(t -> t != null).toList();
            });
            assertThat(cells.getFirst()).endsWith("from the command line, not saved");
            var saved = config.resolve("profiles.json"); // written off the FX thread
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(saved) && Files.readString(saved).contains("wrong-token"));
            assertThat(Files.readString(saved)).as("the command-line agent is not saved").doesNotContain(StreamServer.TOKEN);

            // connecting the new profile adds a second session; the first one keeps its link
            var wrong = fx(() -> workbench.connect(new Profile("wrong-token", server.url(), "not-the-token-0000000")));
            assertThat(fx(() -> workbench.sessions())).containsExactly(first, wrong);
            await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> wrong.connection().status().phase()) == Phase.NEEDS_TOKEN);
            assertThat(fx(() -> first.connection().status().connected())).isTrue();
            fx(() -> workbench.closeAll());
        } finally {
            stream.close();
            executor.close();
            server.close();
        }
    }

    @Test
    void historySortsDurationAndRunByValueNotByText() throws Exception {
        var server = new StreamServer("droplet-1");
        var t = Instant.now().minusSeconds(600);
        server.addRun(new RunRecord(9, "poll-1", "demo-vote", Outcome.SUCCESS, t, 1_200L, "ok", 18.0, null));
        server.addRun(new RunRecord(10, "poll-1", "demo-vote", Outcome.SUCCESS, t.plusSeconds(1), 238L, "ok", 9.0, null));
        server.addRun(new RunRecord(100, "poll-2", "demo-vote", Outcome.FAILED, t.plusSeconds(2), 64_000L, "no", null, null));
        open(server, StreamWindow.quickBackoff());
        fx(() -> ui.window.select("History"));
        var table = fx(() -> ui.window.currentWorkspace().history().table());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> table.getItems().size()) == 3);

        var duration = fx(() -> table.getColumns().stream().filter(c -> c.getText().equals("Duration")).findFirst().orElseThrow());
        fx(() -> {
            duration.setSortType(TableColumn.SortType.ASCENDING);
            table.getSortOrder().setAll(duration);
        });
        assertThat(fx(() -> table.getItems().stream().map(RunRecord::durationMs).toList())).containsExactly(238L, 1_200L, 64_000L);

        var run = fx(() -> table.getColumns().stream().filter(c -> c.getText().equals("Run")).findFirst().orElseThrow());
        fx(() -> table.getSortOrder().setAll(run));
        assertThat(fx(() -> table.getItems().stream().map(RunRecord::id).toList())).as("9 < 10 < 100").containsExactly(9L, 10L, 100L);
    }

    @Test
    void theDisableButtonSaysEnableAsSoonAsTheSelectedRowIsDisabled() throws Exception {
        open();
        var view = fx(() -> ui.window.currentWorkspace().instances());
        var toggle = fx(() -> (Button) view.lookup("#toggle-enabled"));
        fx(() -> view.table().getSelectionModel().select(0));
        assertThat(fx(() -> toggle.getText())).isEqualTo("Disable");

        fx(toggle::fire);
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.server.calls().contains("POST /api/instances/poll-1/disable"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> !view.table().getSelectionModel().getSelectedItem().status().enabled()));
        assertThat(fx(() -> toggle.getText())).as("the same row still selected").isEqualTo("Enable");
        fx(toggle::fire);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> toggle.getText()).equals("Disable"));
    }

    @Test
    void reconnectsSoonAfterTheAgentAnswersHealthAgainInsteadOfAfterTheBackoff() throws Exception {
        // a backoff whose first step alone is a minute: only the health probe can bring the link back in time
        open(new StreamServer("droplet-1"), () -> new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(120), () -> 1.0));
        int port = ui.server.port();
        ui.server.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ui.session.connection().status().phase()) == Phase.RETRYING);
        var retryAt = fx(() -> ui.session.connection().status().retryAt());
        assertThat(Duration.between(Instant.now(), retryAt)).isGreaterThan(Duration.ofSeconds(45));

        try (var back = new StreamServer("droplet-1", port)) {
            back.putInstance(instance("poll-1", InstanceState.SCHEDULED, 3, 0));
            var up = Instant.now();
            await().atMost(Duration.ofSeconds(20)).until(() -> fx(() -> ui.session.connection().status().connected()));
            assertThat(Instant.now()).as("long before the planned retry").isBefore(retryAt.minusSeconds(30));
            assertThat(Duration.between(up, Instant.now())).isLessThan(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ui.session.instances().rows().size()) == 1);
        }
    }

    @Test
    void whileDisconnectedTheRowsLookStaleTheCountdownsClaimNothingAndRetryNowReconnects() throws Exception {
        open(new StreamServer("droplet-1"), () -> new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(120), () -> 1.0));
        var view = fx(() -> ui.window.currentWorkspace().instances());
        assertThat(fx(() -> view.table().getPseudoClassStates().contains(StaleBanner.STALE))).isFalse();

        ui.server.refuseUpgrades(true);
        ui.server.dropAll(4000); // the agent stays up: no health shortcut, the minute's backoff stands
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ui.session.connection().status().phase()) == Phase.RETRYING);
        assertThat(fx(() -> view.table().getPseudoClassStates().contains(StaleBanner.STALE))).isTrue();
        var banner = fx(() -> (StaleBanner) view.lookup(".stale-banner"));
        assertThat(fx(() -> banner.isVisible())).isTrue();
        assertThat(fx(() -> banner.text().getText())).startsWith("Not connected since ");
        var nextRun = fx(() -> {
            view.table().applyCss();
            view.table().layout();
            return view.table().lookupAll(".table-cell").stream().filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c
                    && c.getTableColumn() != null && "Next run".equals(c.getTableColumn().getText()) && c.getText() != null)
                    .map(n -> ((Labeled) n).getText()).toList();
        });
        assertThat(nextRun).hasSize(2).allMatch(t -> t.equals("unknown — disconnected"));
        assertThat(fx(() -> ui.window.status().seq().getText())).as("no stale event count").isEmpty();

        ui.server.refuseUpgrades(false);
        fx(() -> banner.retryButton().fire());
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(() -> ui.session.connection().status().connected()));
        assertThat(fx(() -> view.table().getPseudoClassStates().contains(StaleBanner.STALE))).isFalse();
        assertThat(fx(() -> banner.isVisible())).isFalse();
    }

    @Test
    void aStaleWarningLeavesTheStatusLineOnceTheLinkIsBack() throws Exception {
        open();
        fx(() -> ui.window.workbench().notices().post(Notice.alert(Instant.now(), Notice.Level.DANGER, "droplet-1", "Token refused",
                "the agent rejected the token (401)")));
        assertThat(fx(() -> ui.window.status().message().getText())).startsWith("droplet-1 · Token refused");
        int upgrades = ui.server.upgrades();
        ui.server.dropAll(4000);
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.server.upgrades() > upgrades
                && fx(() -> ui.session.connection().status().connected()));
        assertThat(fx(() -> ui.window.status().message().getText())).doesNotContain("Token refused");
    }

    @Test
    void noticesTakeARowOfTheirOwnAndNeverLieOverTheTable() throws Exception {
        open();
        var table = fx(() -> ui.window.currentWorkspace().instances().table());
        for (int i = 0; i < 4; i++) {
            int n = i;
            fx(() -> ui.window.workbench().notices().post(Notice.info(Instant.now(), "droplet-1", "Run now", "poll-" + n + ": run requested")));
        }
        var overlaps = fx(() -> {
            ui.window.scene().getRoot().applyCss();
            ui.window.scene().getRoot().layout();
            var tableBounds = table.localToScene(table.getLayoutBounds());
            var notices = ui.window.scene().getRoot().lookupAll(".notice");
            assertThat(notices).hasSize(3);
            return notices.stream().filter(n -> n.localToScene(n.getLayoutBounds()).intersects(tableBounds)).count();
        });
        assertThat(overlaps).isZero();
    }

    @Test
    void theDarkThemeIsAppliedRememberedAndTheSystemsPreferenceFollowed() throws Exception {
        var dir = new ConfigDir(config.resolve("settings"));
        var lifecycle = new AppLifecycle(dir, WindowSettings.DEFAULT);
        var theme = fx(() -> new ThemeChoice(ThemeChoice.Theme.parse(lifecycle.settings().theme()), false,
                t -> lifecycle.remember(s -> s.withTheme(t.key()))));
        assertThat(fx(() -> Application.getUserAgentStylesheet())).isEqualTo(new PrimerLight().getUserAgentStylesheet());

        fx(() -> theme.choiceProperty().set(ThemeChoice.Theme.DARK));
        assertThat(fx(() -> Application.getUserAgentStylesheet())).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        await().atMost(Duration.ofSeconds(5)).until(() -> WindowSettings.load(dir).theme().equals("dark"));

        // the next start reads it back
        var next = fx(() -> new ThemeChoice(ThemeChoice.Theme.parse(WindowSettings.load(dir).theme()), false, t -> { }));
        assertThat(fx(() -> next.darkProperty().get())).isTrue();

        // "as the system": the desktop's preference decides, and a change of it is followed
        fx(() -> next.choiceProperty().set(ThemeChoice.Theme.SYSTEM));
        assertThat(fx(() -> Application.getUserAgentStylesheet())).isEqualTo(new PrimerLight().getUserAgentStylesheet());
        fx(() -> next.systemPrefersDark(true));
        assertThat(fx(() -> Application.getUserAgentStylesheet())).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        fx(() -> next.choiceProperty().set(ThemeChoice.Theme.LIGHT));
    }

    @Test
    void theThemeMenuAndCtrlShiftDSwitchTheWindowToDark() throws Exception {
        open();
        fx(() -> ui.window.toggleDark());
        assertThat(fx(() -> ui.window.scene().getRoot().getStyleClass())).contains("dark");
        assertThat(fx(() -> Application.getUserAgentStylesheet())).isEqualTo(new PrimerDark().getUserAgentStylesheet());
        fx(() -> ui.window.toggleDark());
        assertThat(fx(() -> ui.window.scene().getRoot().getStyleClass())).doesNotContain("dark");
    }

    @Test
    void aQuestionMarkOpensTheCheatSheetButTypesAQuestionMarkInAFilterBox() throws Exception {
        open();
        var table = fx(() -> ui.window.currentWorkspace().instances().table());
        fx(() -> {
            table.requestFocus();
            Event.fireEvent(table, new KeyEvent(KeyEvent.KEY_TYPED, "?", "", KeyCode.UNDEFINED, true, false, false, false));
        });
        var sheet = fx(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && CheatSheet.TITLE.equals(s.getTitle()))
                .findFirst().orElseThrow(() -> new AssertionError("no cheat sheet")));
        var texts = fx(() -> sheet.getScene().getRoot().lookupAll(".label").stream().map(n -> ((Labeled) n).getText()).toList());
        assertThat(texts).contains("Ctrl+Q", "Quit", "Ctrl+Shift+R", "?  or  F1");
        fx(sheet::hide);

        var filter = fx(() -> ui.window.currentWorkspace().instances().filter().field());
        fx(() -> {
            filter.requestFocus();
            Event.fireEvent(filter, new KeyEvent(KeyEvent.KEY_TYPED, "?", "", KeyCode.UNDEFINED, true, false, false, false));
        });
        assertThat(fx(() -> Window.getWindows().stream().anyMatch(w -> w.isShowing() && w instanceof Stage s
                && CheatSheet.TITLE.equals(s.getTitle())))).isFalse();
        assertThat(fx(() -> filter.getText())).isEqualTo("?");
    }

    @Test
    void restartingAnInstanceAsksFirstAndSendsNothingWhenTheOperatorSaysNo() throws Exception {
        open();
        var view = fx(() -> ui.window.currentWorkspace().instances());
        fx(() -> view.table().getSelectionModel().select(1));
        ui.answer(false);
        fx(() -> button(view, "Restart").fire());
        assertThat(ui.questions).singleElement().asString().startsWith("Restart poll-2?");
        FxToolkit.flush();
        assertThat(ui.server.calls()).doesNotContain("POST /api/instances/poll-2/restart");

        ui.answer(true);
        fx(() -> button(view, "Restart").fire());
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.server.calls().contains("POST /api/instances/poll-2/restart"));
    }

    @Test
    void theFilterBoxShowsTheMatchingInstancesAndTheirCount() throws Exception {
        open();
        var view = fx(() -> ui.window.currentWorkspace().instances());
        fx(() -> view.filter().field().setText("POLL-2"));
        assertThat(fx(() -> view.table().getItems().stream().map(InstanceRow::id).toList())).containsExactly("poll-2");
        var count = fx(() -> view.lookupAll(".label").stream().map(n -> ((Labeled) n).getText())
                .filter(t -> t != null && t.endsWith("instances")).findFirst().orElseThrow());
        assertThat(count).isEqualTo("1 of 2 instances");
        fx(() -> view.filter().field().setText("scheduled poll"));
        assertThat(fx(() -> view.table().getItems().size())).isEqualTo(2);
        fx(() -> ui.window.select("Instances"));
        assertThat(fx(() -> ui.window.focusFilter())).as("Ctrl+F on the Instances tab").isSameAs(view.filter().field());
        fx(() -> ui.window.select("Resources"));
        assertThat(fx(() -> ui.window.focusFilter())).as("elsewhere: the log's")
                .isSameAs(fx(() -> ui.window.currentWorkspace().logs().filterField()));
        assertThat(fx(() -> ui.window.selectedTab())).isEqualTo("Logs");
    }

    @Test
    void theOutcomeFilterSpeaksTheTablesWordsAndFileDialogsOpenInTheDocumentsFolder() throws Exception {
        open();
        fx(() -> ui.window.select("History"));
        var history = fx(() -> ui.window.currentWorkspace().history());
        var words = fx(() -> history.outcomeChoice().getItems().stream()
                .map(o -> history.outcomeChoice().getButtonCell() == null ? "" : o == null ? "Any outcome"
                        : io.cloudvoter.desktop.widgets.Badges.words(o)).toList());
        assertThat(words).contains("rate limited").doesNotContain("RATE_LIMITED");
        fx(() -> history.outcomeChoice().setValue(Outcome.RATE_LIMITED));
        await().atMost(Duration.ofSeconds(10)).until(() -> ui.server.calls().contains("GET /api/runs"));
        assertThat(fx(() -> history.outcomeChoice().getButtonCell().getText())).isEqualTo("rate limited");
        assertThat(fx(() -> history.exportChooser().getInitialDirectory().toPath())).isEqualTo(config);
    }

    @Test
    void longLogLinesWrapOnAskingAndTheConnectionsDialogHasAClose() throws Exception {
        open();
        fx(() -> ui.window.select("Logs"));
        var logs = fx(() -> ui.window.currentWorkspace().logs());
        assertThat(fx(() -> logs.list().getFixedCellSize())).as("one height while not wrapping").isPositive();
        fx(() -> logs.wrapToggle().fire());
        assertThat(fx(() -> logs.list().getFixedCellSize())).as("wrapped lines take the height they need").isNegative();

        var dialog = fx(() -> ui.window.openConnections());
        assertThat(fx(() -> dialog.isShowing())).isTrue();
        fx(() -> button(dialog.getScene().getRoot(), "Close").fire());
        assertThat(fx(() -> dialog.isShowing())).isFalse();
    }
}
