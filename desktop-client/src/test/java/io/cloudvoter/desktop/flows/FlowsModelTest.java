package io.cloudvoter.desktop.flows;

import com.sun.net.httpserver.HttpServer;
import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.testing.DeferredExecutor;
import io.cloudvoter.model.api.FlowInfo;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The flows list follows the agent's events, and a load that was out while an event came cannot undo it. */
class FlowsModelTest {
    /** What the agent's /api/flows answers: the list as it was before "pushed" arrived. */
    private static final String ONLY_VOTE = """
            {"flows":[{"name":"vote","file":"vote.yaml","target":"http://127.0.0.1:1/","timeout":"PT30S","cooldown":"PT5M","steps":3}],
             "errors":[]}""";
    private HttpServer agent;
    private final DeferredExecutor executor = new DeferredExecutor();
    private FlowsModel model;

    @BeforeEach
    void start() throws IOException {
        agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.createContext("/api/flows", x -> {
            var body = ONLY_VOTE.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        agent.start();
        var api = new AgentApi(AgentApi.newHttpClient(), new Profile("t", "http://127.0.0.1:" + agent.getAddress().getPort(), "token"));
        model = new FlowsModel(new FlowsApi(api), executor, Clock.systemUTC(), "t", n -> { }, FXCollections.observableArrayList());
    }

    @AfterEach
    void stop() {
        agent.stop(0);
    }

    @Test
    void aLoadAnsweredAfterAFlowsEventDoesNotUndoIt() {
        model.refresh(); // the link came up: the list is asked for
        model.apply(List.of(info("vote"), info("pushed")), List.of()); // a flows event, newer, comes first
        executor.finish(0); // then the load's answer, from before "pushed"
        assertThat(model.rows()).extracting(FlowRow::name).containsExactlyInAnyOrder("vote", "pushed");
    }

    @Test
    void aLoadWithNoEventMeanwhileFillsTheList() {
        model.apply(List.of(info("old")), List.of()); // an event before the load was asked for
        model.refresh();
        executor.finish(0);
        assertThat(model.rows()).extracting(FlowRow::name).containsExactly("vote");
    }

    private static FlowInfo info(String name) {
        return new FlowInfo(name, name + ".yaml", "http://127.0.0.1:1/", Duration.ofSeconds(30), Duration.ofMinutes(5), 3);
    }
}
