package io.cloudvoter.desktop.alerts;

import io.cloudvoter.desktop.testing.DeferredExecutor;
import io.cloudvoter.desktop.testing.StandInAgent;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.AlertState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Alerts status line says what became of the operator's last action, whatever order the agent's answers come in. */
class AlertsModelTest {
    private StandInAgent agent;
    private final DeferredExecutor executor = new DeferredExecutor();
    private AlertsModel model;

    @BeforeEach
    void start() {
        agent = StandInAgent.answering(Map.of(
                "/api/alerts/mute", """
                        {"id":7,"scope":"instance:e2e-1","until":"2026-12-01T18:00:00Z","createdAt":"2026-12-01T14:00:00Z","source":"api"}""",
                "/api/alerts/test", """
                        {"id":9,"delivery":"d-9","alertKey":"test","channel":"hook","kind":"test","severity":"INFO","state":"DELIVERED",
                         "attempts":1,"createdAt":"2026-12-01T14:00:00Z","deliveredAt":"2026-12-01T14:00:01Z"}""",
                "/api/alerts", "{\"alerts\":[]}", // as before the alert below opened
                "/api/alerts/deliveries", "{\"deliveries\":[]}",
                "/api/alerts/channels", "{\"channels\":[]}",
                "/api/alerts/mutes", "{\"mutes\":[]}"));
        model = new AlertsModel(new AlertsApi(agent.api("t")), executor, Clock.systemUTC(), "t", n -> { });
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aMutesLateAnswerDoesNotHideTheTestThatFollowedIt() {
        model.mute("instance:e2e-1", Duration.ofHours(4));
        model.test("hook");
        assertThat(executor.pending()).isEqualTo(2);

        executor.finish(1); // the test's answer first
        assertThat(model.statusProperty().get()).isEqualTo("Test notification delivered to hook.");
        executor.finish(0); // then the mute's
        assertThat(model.statusProperty().get()).isEqualTo("Test notification delivered to hook.");
        assertThat(model.mutes()).singleElement().satisfies(m -> assertThat(m.scope()).isEqualTo("instance:e2e-1"));
    }

    @Test
    void anAlertThatOpenedWhileTheListLoadedStaysInIt() {
        model.refresh(); // the link came up: the list is asked for
        var opened = new Alert(3, "failures-in-a-row:instance:e2e-1", "failures-in-a-row", AlertSeverity.WARNING, AlertState.OPEN,
                "e2e-1 failed 3 times in a row", "e2e-1", "vote", Instant.now(), Instant.now(), null, null, 0, null);
        model.apply(opened); // its event comes before the (older) answer
        executor.finish(0);
        assertThat(model.open()).extracting(Alert::id).containsExactly(3L);
        assertThat(model.history()).extracting(Alert::id).containsExactly(3L);
        assertThat(model.statusProperty().get()).isEqualTo("1 alert(s) open.");

        while (executor.pending() > 0) {
            executor.finish(0); // the first load's details
        }
        model.refresh(); // a later load with no event meanwhile: the agent's answer stands
        executor.finish(0);
        assertThat(model.open()).isEmpty();
    }

    @Test
    void eachAnswerInOrderIsShown() {
        model.mute("instance:e2e-1", Duration.ofHours(4));
        executor.finish(0);
        assertThat(model.statusProperty().get()).startsWith("Muted instance:e2e-1 until ");
        model.test("hook");
        assertThat(model.statusProperty().get()).isEqualTo("Sending a test notification to hook…");
        executor.finish(0);
        assertThat(model.statusProperty().get()).isEqualTo("Test notification delivered to hook.");
    }
}
