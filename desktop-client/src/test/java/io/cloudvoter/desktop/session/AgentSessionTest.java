package io.cloudvoter.desktop.session;

import io.cloudvoter.desktop.connection.Backoff;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.notify.Notice;
import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.Fixtures;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import io.cloudvoter.desktop.testing.ScriptedStream;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.AgentEvent;
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
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.alert()).isTrue();
            assertThat(n.level()).isEqualTo(Notice.Level.DANGER);
            assertThat(n.title()).isEqualTo("Resource guard: recycle-browser (HARD)");
            assertThat(n.text()).isEqualTo("Chromium PSS 900 MB > 800 MB");
        });
    }

    @Test
    void threeFailuresInARowRaiseOneAlertAndASuccessResetsTheCount() {
        snapshot();
        long seq = 11;
        for (int i = 0; i < 4; i++) {
            apply(new RunFinished(seq++, T0, run(20 + i, "poll-2", Outcome.FAILED, T0.plusSeconds(10 + i))));
        }
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.title()).isEqualTo("poll-2 failed 3 times in a row");
            assertThat(n.text()).isEqualTo("Last run 22 FAILED: Voting is closed");
        });
        apply(new RunFinished(seq++, T0, run(30, "poll-2", Outcome.SUCCESS, T0.plusSeconds(30))));
        apply(new RunFinished(seq++, T0, run(31, "poll-2", Outcome.FAILED, T0.plusSeconds(40))),
                new RunFinished(seq, T0, run(32, "poll-2", Outcome.ERROR, T0.plusSeconds(50))));
        assertThat(notices).hasSize(1);
    }
}
