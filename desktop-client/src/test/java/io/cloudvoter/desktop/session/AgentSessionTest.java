package io.cloudvoter.desktop.session;

import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.Fixtures;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import io.cloudvoter.desktop.testing.ScriptedStream;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.AlertState;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.AlertChanged;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.ResourcesEvent;
import io.cloudvoter.model.events.RunFinished;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.cloudvoter.desktop.testing.Fixtures.T0;
import static io.cloudvoter.desktop.testing.Fixtures.instance;
import static io.cloudvoter.desktop.testing.Fixtures.log;
import static io.cloudvoter.desktop.testing.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Events → observable state, with the same-thread executor: no toolkit, no sockets. */
class AgentSessionTest {
    private final FakeClock clock = new FakeClock(T0);
    private final List<Notice> notices = new ArrayList<>();
    private final AgentSession session = new AgentSession(new Profile("droplet", "http://127.0.0.1:9", "token-0123456789abcdef"),
            HttpClient.newHttpClient(), new ScriptedStream(), new SameThreadExecutor(clock), clock, ZoneOffset.UTC,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), () -> 1.0), notices::add);

    private void apply(AgentEvent... events) {
        session.apply(List.of(events));
    }

    private void snapshot() {
        apply(Fixtures.snapshot(10, List.of(instance("poll-2", InstanceState.SCHEDULED, 4, 1),
                        instance("poll-1", InstanceState.RUNNING, 7, 0)),
                List.of(log(T0, "INFO", "poll-1", "[instance poll-1] run 7 SUCCESS in 812 ms"))));
    }

    @Test
    void theSnapshotFillsEveryView() {
        snapshot();
        assertThat(session.instances().rows()).extracting(r -> r.id()).containsExactly("poll-1", "poll-2");
        assertThat(session.logs().all()).hasSize(1);
        assertThat(session.resources().samples()).hasSize(1);
        assertThat(session.overview().monitoring()).isTrue();
        assertThat(session.overview().agentProperty().get().name()).isEqualTo("droplet-1");
        assertThat(session.overview().instancesProperty().get()).isEqualTo(2);
        assertThat(session.overview().successRateProperty().get()).isEqualTo(11.0 / 12);
        assertThat(session.overview().memoryProperty().get()).isEqualTo(360L * 1024 * 1024);
    }

    @Test
    void anInstanceChangeUpdatesItsRowInPlace() {
        snapshot();
        var row = session.instances().row("poll-2");
        apply(new InstanceChanged(11, T0, instance("poll-2", InstanceState.PAUSED, 4, 1)));
        assertThat(session.instances().row("poll-2")).isSameAs(row);
        assertThat(row.status().state()).isEqualTo(InstanceState.PAUSED);
    }

    @Test
    void aFinishedRunUpdatesTheRowAndTheFollowingStatusDoesNotCountItTwice() {
        snapshot();
        var started = T0.plusSeconds(5);
        apply(new RunFinished(11, T0, run(8, "poll-1", Outcome.FAILED, started)));
        var row = session.instances().row("poll-1").status();
        assertThat(row.lastOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(row.lastMessage()).isEqualTo("Voting is closed");
        assertThat(row.failures()).isEqualTo(1);
        assertThat(row.runs()).isEqualTo(8);

        // the agent's own status after the run, already counting it
        var after = new InstanceStatus("poll-1", "demo-vote", "config", true, Duration.ofSeconds(10), InstanceState.SCHEDULED,
                Outcome.FAILED, "Voting is closed", started, T0.plusSeconds(20), null, null, 8, 7, 1, 0, false);
        apply(new InstanceChanged(12, T0, after));
        // and the same run again (a replay) changes nothing
        apply(new RunFinished(13, T0, run(8, "poll-1", Outcome.FAILED, started)));
        assertThat(session.instances().row("poll-1").status()).isEqualTo(after);
    }

    @Test
    void removedInstancesLeaveTheTable() {
        snapshot();
        apply(new InstanceRemoved(11, T0, "poll-2"));
        assertThat(session.instances().rows()).extracting(r -> r.id()).containsExactly("poll-1");
    }

    @Test
    void logLinesOfABatchArriveTogetherAndDropsAreCounted() {
        snapshot();
        apply(new LogEvent(11, T0, log(T0, "INFO", null, "a"), 0),
                new MonitoringChanged(12, T0, false),
                new LogEvent(13, T0, log(T0, "WARNING", "poll-2", "b"), 5),
                new LogEvent(14, T0, log(T0, "INFO", null, "c"), 0));
        assertThat(session.logs().all()).extracting(l -> l.message()).containsExactly(
                "[instance poll-1] run 7 SUCCESS in 812 ms", "a", "b", "c");
        assertThat(session.logs().droppedProperty().get()).isEqualTo(5);
        assertThat(session.overview().monitoring()).isFalse();
    }

    @Test
    void resourceSamplesAndGuardActionsReachTheResourcesView() {
        snapshot();
        apply(new ResourcesEvent(11, T0, Fixtures.sample(T0.plusSeconds(5), 40, 70, 420)),
                new GuardEvent(12, T0, new GuardAction(T0.plusSeconds(5), "HARD", "recycle-browser", "Chromium PSS 900 MB > 800 MB")));
        assertThat(session.resources().samples()).hasSize(2);
        assertThat(session.resources().guardActions()).singleElement().extracting(GuardAction::action).isEqualTo("recycle-browser");
        assertThat(notices).as("the agent's own guard alert notifies, not the desktop").isEmpty();
    }

    @Test
    void failingRunsRaiseNoNoticeOfTheDesktopsOwn() {
        snapshot();
        long seq = 11;
        for (int i = 0; i < 4; i++) {
            apply(new RunFinished(seq++, T0, run(20 + i, "poll-2", Outcome.FAILED, T0.plusSeconds(10 + i))));
        }
        assertThat(notices).isEmpty();
    }

    static Alert alert(long id, AlertState state, AlertSeverity severity, int sent, String muted) {
        return new Alert(id, "failures-in-a-row:instance:poll-2", "failures-in-a-row", severity, state,
                state == AlertState.OPEN ? "poll-2 failed 3 times in a row" : "poll-2: run 30 succeeded after 3 failures",
                "poll-2", "demo-vote", T0, T0, state == AlertState.RESOLVED ? T0 : null, T0, sent, muted);
    }

    @Test
    void theAgentsAlertsBecomeNoticesWhenTheyOpenAndWhenTheyResolve() {
        snapshot();
        apply(new AlertChanged(11, T0, alert(5, AlertState.OPEN, AlertSeverity.CRITICAL, 1, null)));
        apply(new AlertChanged(12, T0, alert(5, AlertState.OPEN, AlertSeverity.CRITICAL, 2, null)));
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.alert()).isTrue();
            assertThat(n.level()).isEqualTo(Notice.Level.DANGER);
            assertThat(n.agent()).isEqualTo("droplet");
            assertThat(n.title()).isEqualTo("Alert: failures in a row · poll-2");
            assertThat(n.text()).isEqualTo("poll-2 failed 3 times in a row");
        });
        assertThat(session.alerts().open()).singleElement().satisfies(a -> assertThat(a.notifications()).isEqualTo(2));

        apply(new AlertChanged(13, T0, alert(5, AlertState.RESOLVED, AlertSeverity.CRITICAL, 3, null)));
        assertThat(notices).hasSize(2).last().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.SUCCESS);
            assertThat(n.title()).isEqualTo("Resolved: failures in a row · poll-2");
        });
        assertThat(session.alerts().open()).isEmpty();
        assertThat(session.alerts().history()).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.RESOLVED));
    }

    @Test
    void aMutedAlertIsShownButNotNoticedUntilTheAgentSendsIt() {
        snapshot();
        apply(new AlertChanged(11, T0, alert(6, AlertState.OPEN, AlertSeverity.WARNING, 0, "muted until 2026-06-01T12:00:00Z (scope agent)")));
        assertThat(notices).isEmpty();
        assertThat(session.alerts().open()).hasSize(1);
        apply(new AlertChanged(12, T0, alert(6, AlertState.OPEN, AlertSeverity.WARNING, 1, null)));
        assertThat(notices).singleElement().satisfies(n -> assertThat(n.level()).isEqualTo(Notice.Level.WARNING));
    }
}
