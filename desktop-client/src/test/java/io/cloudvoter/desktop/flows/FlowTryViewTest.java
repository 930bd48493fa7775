package io.cloudvoter.desktop.flows;

import com.sun.net.httpserver.HttpServer;
import io.cloudvoter.desktop.concurrent.FxUiExecutor;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.testing.FxToolkit;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.FlowRejection;
import io.cloudvoter.model.api.FlowTry;
import io.cloudvoter.model.api.Outcome;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Try in the Flows tab against a stand-in for the agent's try endpoint (the contract of
 * {@link FlowTry}, {@code POST /api/flows/try?instance=ID}, until the agent serves it): the editor's text
 * goes as it is, with its media type and the instance chosen; the answer's outcome, step times and
 * screenshot show; a 422 shows its problems at their lines.
 */
@ExtendWith(FxToolkit.class)
class FlowTryViewTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private HttpServer standIn;
    private FxUiExecutor executor;

    private FlowsView open() throws Exception {
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/api/flows/try", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Content-Type")
                    + " " + ex.getRequestHeaders().getFirst("Authorization") + "\n"
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            var body = answer.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status.get(), body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        standIn.start();
        executor = new FxUiExecutor();
        var api = new AgentApi(AgentApi.newHttpClient(), new Profile("stand-in",
                "http://127.0.0.1:" + standIn.getAddress().getPort(), "token-0123456789abcdef"));
        return FxToolkit.run(() -> {
            var model = new FlowsModel(new FlowsApi(api), executor, Clock.systemUTC(), "stand-in", n -> { },
                    FXCollections.observableArrayList());
            var view = new FlowsView(model, FXCollections.observableArrayList("poll-1", "poll-2"), q -> true);
            var stage = new Stage();
            stage.setScene(new Scene(view, 1100, 700));
            stage.show();
            return view;
        });
    }

    @AfterEach
    void close() {
        if (standIn != null) {
            standIn.stop(0);
        }
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void tryShowsTheOutcomeTheStepsAndThePage() throws Exception {
        var view = open();
        answer.set(Json.mapper().writeValueAsString(new FlowTry("vote", "poll-2", Outcome.SUCCESS, "page says: Thanks for voting!",
                42.0, Map.of("votes", "42"), List.of(
                        new FlowTry.StepTiming(1, "goto", "goto http://127.0.0.1:1/vote", 180, true, null),
                        new FlowTry.StepTiming(2, "click", "click #vote", 40, true, null),
                        new FlowTry.StepTiming(3, "extract", "extract #count", 5, true, null)), 260, png())));
        String text = "name: vote\ntarget: \"http://127.0.0.1:1/vote\"\nsteps:\n  - goto\n";
        FxToolkit.run(() -> {
            view.setText(text);
            view.tryAs().setValue("poll-2");
            view.tryIt();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> FxToolkit.run(() -> view.tried().steps().getItems().size()) == 3);
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r).startsWith("POST /api/flows/try?instance=poll-2 application/yaml Bearer token-0123456789abcdef\n");
            assertThat(r).endsWith(text);
        });
        var verdict = FxToolkit.run(() -> view.tried().verdict().getChildren().stream()
                .map(n -> ((Label) n).getText()).toList());
        assertThat(verdict).contains("success", "page says: Thanks for voting!");
        assertThat(FxToolkit.run(() -> view.tried().screenshot().getImage().getWidth())).isEqualTo(64.0);

        // no instance: a fresh browser, no query
        FxToolkit.run(() -> {
            view.tryAs().setValue(FlowsView.FRESH);
            view.tryIt();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() == 2);
        assertThat(requests.get(1)).startsWith("POST /api/flows/try application/yaml");
    }

    @Test
    void aFlowTheAgentRefusesShowsItsProblemsAtTheirLines() throws Exception {
        var view = open();
        status.set(422);
        answer.set(Json.mapper().writeValueAsString(new FlowRejection(422, "unprocessable-content", "flow 'vote' has 1 problem(s)",
                List.of(new FlowProblem("vote.yaml", "steps[0].clik", "unknown step 'clik' (did you mean 'click'?)", 4, 5)))));
        FxToolkit.run(() -> {
            view.setText("name: vote\ntarget: \"http://127.0.0.1:1/\"\nsteps:\n  - clik: '#x'\n");
            view.tryIt();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> FxToolkit.run(() -> view.problems().getItems().size()) == 1);
        assertThat(FxToolkit.run(() -> FlowEditorProbe.markedLines(view))).containsExactly(4);
        assertThat(FxToolkit.run(() -> view.tried().steps().getItems())).isEmpty();
    }

    private static String png() throws Exception {
        var image = new BufferedImage(64, 40, BufferedImage.TYPE_INT_RGB);
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
