package io.cloudvoter.desktop.flows;

import io.cloudvoter.desktop.testing.DeferredExecutor;
import io.cloudvoter.desktop.testing.StandInAgent;
import io.cloudvoter.model.api.FlowInfo;
import javafx.collections.FXCollections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The flows list follows the agent's events, and a load that was out while an event came cannot undo it. */
class FlowsModelTest {
    /** What the agent's /api/flows answers: the list as it was before "pushed" arrived. */
    private static final String ONLY_VOTE = """
            {"flows":[{"name":"vote","file":"vote.yaml","target":"http://127.0.0.1:1/","timeout":"PT30S","cooldown":"PT5M","steps":3}],
             "errors":[]}""";
    private StandInAgent agent;
    private final DeferredExecutor executor = new DeferredExecutor();
    private FlowsModel model;

    @BeforeEach
    void start() {
        agent = StandInAgent.answering(Map.of("/api/flows", ONLY_VOTE));
        model = new FlowsModel(new FlowsApi(agent.api("t")), executor, Clock.systemUTC(), "t", n -> { }, FXCollections.observableArrayList());
    }

    @AfterEach
    void stop() {
        agent.close();
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
