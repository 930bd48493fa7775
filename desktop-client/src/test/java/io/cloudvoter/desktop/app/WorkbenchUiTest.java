package io.cloudvoter.desktop.app;

import io.cloudvoter.desktop.flows.FlowEditorProbe;
import io.cloudvoter.desktop.instances.InstanceForm;
import io.cloudvoter.desktop.testing.AgentWindow;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.desktop.testing.Rest;
import io.cloudvoter.desktop.testing.VotePage;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.Outcome;
import javafx.event.Event;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's workbench in the real window against the REAL agent: flows listed, edited, refused at
 * their line and saved; instances added one or fifty at a time, changed and removed (asking first); the
 * keys for it.
 */
@ExtendWith(FxToolkit.class)
class WorkbenchUiTest {
    private static final String INSTANCES = """
              instances:
                - { id: cfg-1, flow: vote }
            """;

    @TempDir
    Path dir;

    private VotePage page;
    private AgentWindow w;
    private Rest rest;

    private void open() throws Exception {
        page = new VotePage();
        w = AgentWindow.start(dir, Map.of("vote.yaml", page.flow("vote")), INSTANCES);
        rest = new Rest(w.agent.baseUrl(), w.agent.tokens().reveal());
        await().atMost(Duration.ofSeconds(15)).until(() -> w.fx(() -> w.session.instances().rows().size()) == 1);
    }

    @AfterEach
    void close() throws Exception {
        if (w != null) {
            w.close();
        }
        if (page != null) {
            page.close();
        }
    }

    @Test
    void aPushedFlowIsListedABadEditIsMarkedAtItsLineAndNotSavedAGoodOneIs() throws Exception {
        open();
        var pushed = rest.put("/api/flows/pushed", "application/yaml", page.flow("pushed"));
        assertThat(pushed.status()).isEqualTo(201);
        var flows = w.workspace().flows();
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> flows.table().getItems().stream()
                .anyMatch(r -> r.name().equals("pushed") && r.valid() && r.target().equals(page.url()))));
        assertThat(w.fx(() -> flows.table().getItems().stream().filter(r -> r.name().equals("vote")).findFirst().orElseThrow()
                .instances())).as("cfg-1 uses vote").isEqualTo(1);

        w.fx(() -> {
            w.window.select("Flows");
            flows.table().getSelectionModel().select(flows.table().getItems().stream()
                    .filter(r -> r.name().equals("pushed")).findFirst().orElseThrow());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(flows::text).contains("name: pushed"));

        // a typo in line 9: refused by the agent, marked at that line, nothing written
        var file = w.flowsFolder().resolve("pushed.yaml");
        String stored = Files.readString(file);
        String bad = stored.replace("  - click: \"#vote\"", "  - clik: \"#vote\"");
        int badLine = lineOf(bad, "clik");
        w.fx(() -> {
            flows.setText(bad);
            flows.save();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> flows.problems().getItems().size()) == 1);
        var problem = w.fx(() -> flows.problems().getItems().getFirst());
        assertThat(problem.field()).isEqualTo("steps[1].clik");
        assertThat(problem.line()).isEqualTo(badLine);
        assertThat(problem.reason()).contains("did you mean 'click'");
        assertThat(w.fx(() -> FlowEditorProbe.markedLines(flows))).containsExactly(badLine);
        assertThat(w.fx(() -> FlowEditorProbe.paragraphStyle(flows, badLine))).contains("problem-line");
        assertThat(file).content().isEqualTo(stored);
        assertThat(w.fx(() -> flows.problems().getItems().getFirst()).toString()).isNotBlank();

        // clicking the problem puts the caret on its line
        w.fx(() -> {
            flows.problems().getSelectionModel().select(0);
            flows.problems().getOnMouseClicked().handle(null);
        });
        assertThat(w.fx(() -> FlowEditorProbe.caretLine(flows))).isEqualTo(badLine);

        // another flow arriving meanwhile (a flows event, the list rebuilt) leaves the editor and its marks alone
        assertThat(rest.put("/api/flows/other", "application/yaml", page.flow("other")).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> flows.table().getItems().stream()
                .anyMatch(r -> r.name().equals("other"))));
        assertThat(w.fx(flows::text)).isEqualTo(bad);
        assertThat(w.fx(() -> flows.problems().getItems())).hasSize(1);
        assertThat(w.fx(() -> flows.table().getSelectionModel().getSelectedItem().name())).isEqualTo("pushed");

        // a good edit is saved, loaded, and the marks go
        String good = stored.replace("cooldown: 1h", "cooldown: 2h");
        w.fx(() -> {
            flows.setText(good);
            flows.save();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(file).contains("cooldown: 2h"));
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> flows.problems().getItems().isEmpty()
                && FlowEditorProbe.markedLines(flows).isEmpty()));
        assertThat(rest.get("/api/flows/pushed").json().path("flow").path("cooldown").asText()).isEqualTo("PT2H");
    }

    @Test
    void aNewFlowWrittenInTheDesktopRunsOnTheAgent() throws Exception {
        open();
        var flows = w.workspace().flows();
        w.fx(() -> {
            w.window.select("Flows");
            flows.startNew();
        });
        assertThat(w.fx(flows::text)).contains("name: my-flow").contains("steps:");
        w.fx(() -> {
            flows.setText(page.flow("written-here"));
            flows.save();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> flows.table().getItems().stream()
                .anyMatch(r -> r.name().equals("written-here"))));
        assertThat(w.flowsFolder().resolve("written-here.yaml")).exists();
        assertThat(w.noticed("Flow created")).isTrue();

        // Try: the agent runs the editor's text once, in a real Chromium; nothing is recorded
        w.fx(flows::tryIt);
        await().atMost(Duration.ofSeconds(60)).until(() -> w.fx(() -> flows.tried().steps().getItems().size()) == 4);
        var verdict = w.fx(() -> flows.tried().verdict().getChildren().stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList());
        assertThat(verdict.getFirst()).isEqualTo("success");
        assertThat(w.fx(() -> flows.tried().steps().getItems().stream().map(st -> st.kind()).toList()))
                .containsExactly("goto", "click", "waitFor", "extract");
        assertThat(w.fx(() -> flows.tried().screenshot().getImage())).as("the page at the end").isNotNull();
        assertThat(rest.get("/api/runs").json().path("runs")).as("a try is not a run").isEmpty();

        // an instance of it, added in the form, runs it on the agent
        var form = w.fx(() -> w.workspace().instances().add());
        w.fx(() -> {
            form.id().setText("mine-1");
            form.flow().setValue("written-here");
            form.cooldown().setText("90s");
            form.vars().setText("choice = blue\nround: 3");
            form.addSecret("password").setText("s3cret-value");
            form.submit();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> rest.get("/api/instances/mine-1").status() == 200
                && rest.get("/api/instances/mine-1").json().path("secretNames").size() == 1);
        var added = rest.get("/api/instances/mine-1");
        assertThat(added.json().path("cooldown").asText()).isEqualTo("PT1M30S");
        assertThat(added.json().path("vars").path("choice").asText()).isEqualTo("blue");
        assertThat(added.json().path("vars").path("round").asText()).isEqualTo("3");
        assertThat(added.json().path("secretNames").get(0).asText()).isEqualTo("password");
        assertThat(added.body()).doesNotContain("s3cret-value");

        // changed in the form: the variables come back filled in, the secret only by name
        w.fx(() -> {
            var view = w.workspace().instances();
            view.table().getSelectionModel().clearSelection();
            view.table().getSelectionModel().select(w.session.instances().row("mine-1"));
        });
        var change = w.fx(() -> w.workspace().instances().change());
        assertThat(w.fx(() -> change.vars().getText())).contains("choice = blue").contains("round = 3");
        w.fx(() -> {
            change.vars().setText("choice = red");
            change.cooldown().setText("2m");
            change.submit();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> rest.get("/api/instances/mine-1").json().path("vars").path("choice")
                .asText().equals("red"));
        var changed = rest.get("/api/instances/mine-1").json();
        assertThat(changed.path("cooldown").asText()).isEqualTo("PT2M");
        assertThat(changed.path("secretNames").get(0).asText()).as("left empty: kept").isEqualTo("password");
        assertThat(rest.post("/api/instances/mine-1/run", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(40)).until(() -> w.fx(() -> w.session.instances().row("mine-1") != null
                && w.session.instances().row("mine-1").status().lastOutcome() == Outcome.SUCCESS));
    }

    @Test
    void fiftyInstancesAreAddedInOneAction() throws Exception {
        open();
        var form = w.fx(() -> w.workspace().instances().addMany());
        w.fx(() -> {
            form.prefix().setText("poll-");
            form.first().setText("1");
            form.count().setText("50");
            form.flow().setValue("vote");
            form.enabled().setSelected(false);
            form.submit();
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> w.fx(() -> w.session.instances().rows().size()) == 51);
        var ids = rest.get("/api/instances").json().path("instances").findValuesAsText("id");
        assertThat(ids).containsAll(IntStream.rangeClosed(1, 50).mapToObj(i -> "poll-" + i).toList()).hasSize(51);
        assertThat(w.fx(() -> form.progressText().getText())).isEqualTo("50 of 50 added");
        assertThat(w.fx(() -> w.session.instances().row("poll-50").status().enabled())).isFalse();
        assertThat(w.noticed("Instances added")).isTrue();
        assertThat(w.fx(() -> w.workspace().flows().table().getItems().stream().filter(r -> r.name().equals("vote"))
                .findFirst().orElseThrow().instances())).isEqualTo(51);

        // an id that is taken is refused by the agent and said so in the form; the others go in
        var again = w.fx(() -> w.workspace().instances().addMany());
        w.fx(() -> {
            again.prefix().setText("poll-");
            again.first().setText("50");
            again.count().setText("2");
            again.flow().setValue("vote");
            again.submit();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> w.fx(() -> again.problem().getText()).contains("poll-50"));
        assertThat(w.fx(() -> again.progressText().getText())).isEqualTo("1 of 2 added, 1 refused");
        assertThat(w.fx(() -> again.problem().getText())).contains("already exists");
    }

    @Test
    void removeAsksFirstAndAChangeReachesTheAgent() throws Exception {
        open();
        assertThat(rest.post("/api/instances", "{\"id\":\"gone-1\",\"flow\":\"vote\"}").status()).isEqualTo(201);
        assertThat(rest.post("/api/instances", "{\"id\":\"gone-2\",\"flow\":\"vote\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> w.session.instances().rows().size()) == 3);
        var view = w.workspace().instances();
        w.fx(() -> {
            var items = view.table().getItems();
            view.table().getSelectionModel().clearSelection();
            view.table().getSelectionModel().select(items.stream().filter(r -> r.id().equals("gone-1")).findFirst().orElseThrow());
            view.table().getSelectionModel().select(items.stream().filter(r -> r.id().equals("gone-2")).findFirst().orElseThrow());
        });
        w.answer = false;
        w.fx(view::remove);
        assertThat(w.questions).singleElement().satisfies(q -> assertThat(q).startsWith("Remove gone-1, gone-2?"));
        assertThat(rest.get("/api/instances/gone-1").status()).as("the operator said no").isEqualTo(200);

        w.answer = true;
        w.fx(view::remove);
        await().atMost(Duration.ofSeconds(10)).until(() -> rest.get("/api/instances/gone-1").status() == 404
                && rest.get("/api/instances/gone-2").status() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> w.session.instances().rows().size()) == 1);

        // a config instance: the agent refuses the change, and the form says why
        w.fx(() -> view.table().getSelectionModel().clearAndSelect(0));
        InstanceForm change = w.fx(view::change);
        w.fx(() -> {
            change.cooldown().setText("2m");
            change.submit();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> change.problem().getText()).contains("config file"));
    }

    @Test
    void keysAddRemoveAndFocusTheFilter() throws Exception {
        open();
        assertThat(rest.post("/api/instances", "{\"id\":\"key-1\",\"flow\":\"vote\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> w.fx(() -> w.session.instances().rows().size()) == 2);
        var view = w.workspace().instances();
        w.fx(() -> w.window.select("Instances"));

        // "/" focuses the filter box, where a "/" is then just a character
        w.fx(() -> view.table().requestFocus());
        type(view.table(), "/");
        var filter = w.fx(() -> view.filter().field());
        assertThat(w.fx(filter::isFocused)).isTrue();

        // Delete on the table asks to remove what is chosen
        w.fx(() -> {
            view.table().requestFocus();
            view.table().getSelectionModel().clearAndSelect(view.table().getItems().indexOf(
                    view.table().getItems().stream().filter(r -> r.id().equals("key-1")).findFirst().orElseThrow()));
        });
        w.answer = false;
        press(view.table(), KeyCode.DELETE, false);
        assertThat(w.questions).singleElement().satisfies(q -> assertThat(q).startsWith("Remove key-1?"));
        // in a text field, Delete deletes text
        press(filter, KeyCode.DELETE, false);
        assertThat(w.questions).hasSize(1);

        // Ctrl+N opens the add form
        long before = w.fx(() -> javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing).count());
        press(view.table(), KeyCode.N, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> w.fx(() -> javafx.stage.Window.getWindows().stream()
                .filter(x -> x.isShowing() && x instanceof javafx.stage.Stage s && "Add an instance".equals(s.getTitle())).count()) == 1);
        assertThat(w.fx(() -> javafx.stage.Window.getWindows().stream().filter(javafx.stage.Window::isShowing).count()))
                .isEqualTo(before + 1);
        assertThat(w.fx(() -> w.session.instances().row("cfg-1").status().state())).isEqualTo(InstanceState.STOPPED);
    }

    private void type(javafx.scene.Node target, String character) {
        w.fx(() -> Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_TYPED, character, "", KeyCode.UNDEFINED,
                false, false, false, false)));
    }

    private void press(javafx.scene.Node target, KeyCode code, boolean shortcut) {
        w.fx(() -> Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, shortcut, false, false)));
    }

    private static int lineOf(String text, String needle) {
        var lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + text);
    }

}
