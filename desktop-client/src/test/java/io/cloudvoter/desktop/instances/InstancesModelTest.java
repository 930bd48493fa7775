package io.cloudvoter.desktop.instances;

import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.desktop.connection.Profile;
import io.cloudvoter.desktop.testing.FakeClock;
import io.cloudvoter.desktop.testing.SameThreadExecutor;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.cloudvoter.desktop.testing.Fixtures.T0;
import static io.cloudvoter.desktop.testing.Fixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

class InstancesModelTest {
    private final FakeClock clock = new FakeClock(T0);
    private final InstancesModel model = new InstancesModel(
            new AgentApi(HttpClient.newHttpClient(), new Profile("a", "http://127.0.0.1:9", "token-0123456789abcdef")),
            new SameThreadExecutor(clock), clock, n -> { });

    private static InstanceStatus scheduled(String id, Instant next) {
        var s = instance(id, InstanceState.SCHEDULED, 1, 0);
        return new InstanceStatus(s.id(), s.flow(), s.source(), true, s.cooldown(), s.state(), s.lastOutcome(), s.lastMessage(),
                s.lastRunAt(), next, null, null, 1, 1, 0, 0, false);
    }

    @Test
    void countdownsMoveWithTheClock() {
        model.reset(List.of(scheduled("poll-1", T0.plusSeconds(75))));
        var countdown = model.row("poll-1").nextRun();
        assertThat(countdown.get().text()).isEqualTo("in 1 m 15 s");

        clock.advance(Duration.ofSeconds(70));
        assertThat(countdown.get().text()).as("no tick yet").isEqualTo("in 1 m 15 s");
        model.tick();
        assertThat(countdown.get().text()).isEqualTo("in 5 s");

        clock.advance(Duration.ofSeconds(6));
        model.tick();
        assertThat(countdown.get().text()).isEqualTo("due");
    }

    @Test
    void aRetryOrAStretchedCooldownIsMarkedAndExplained() {
        var s = scheduled("poll-1", T0.plusSeconds(30));
        var why = "retry 2 of 3 after FAILED, in 30 s";
        model.put(new InstanceStatus(s.id(), s.flow(), s.source(), true, s.cooldown(), s.state(), s.lastOutcome(), s.lastMessage(),
                s.lastRunAt(), s.nextRunAt(), null, null, 1, 0, 1, 0, false, null, null, null, why));
        var next = model.row("poll-1").nextRun().get();
        assertThat(next.text()).isEqualTo("in 30 s " + NextRun.MARK);
        assertThat(next.why()).isEqualTo(why);

        model.put(scheduled("poll-1", T0.plusSeconds(30)));
        assertThat(model.row("poll-1").nextRun().get()).as("an ordinary cooldown has nothing to explain")
                .extracting(NextRun::text, NextRun::why).containsExactly("in 30 s", null);

        var stopped = instance("poll-1", InstanceState.STOPPED, 1, 0);
        model.put(new InstanceStatus(stopped.id(), stopped.flow(), stopped.source(), true, stopped.cooldown(), InstanceState.STOPPED,
                null, null, null, null, null, null, 1, 0, 1, 0, false, null, null, null, why));
        assertThat(model.row("poll-1").nextRun().get().why()).as("a stopped instance has no next run to explain").isNull();
    }

    @Test
    void aPausedInstanceCountsDownToTheEndOfItsRateLimit() {
        var s = instance("poll-1", InstanceState.PAUSED, 1, 0);
        model.put(new InstanceStatus(s.id(), s.flow(), s.source(), true, s.cooldown(), InstanceState.PAUSED, null, null, null,
                T0.plusSeconds(5), T0.plusSeconds(3 * 3600 + 120), null, 0, 0, 0, 1, false));
        assertThat(model.row("poll-1").nextRun().get().text()).isEqualTo("rate limited, in 3 h 02 m");
    }

    @Test
    void rowsStaySortedByIdAndASnapshotDropsVanishedOnes() {
        model.reset(List.of(scheduled("b", T0), scheduled("c", T0), scheduled("a", T0)));
        assertThat(model.rows()).extracting(InstanceRow::id).containsExactly("a", "b", "c");
        model.reset(List.of(scheduled("c", T0), scheduled("a", T0)));
        assertThat(model.rows()).extracting(InstanceRow::id).containsExactly("a", "c");
        assertThat(model.row("b")).isNull();
    }

    @Test
    void countdownWordsForEveryState() {
        assertThat(Countdown.describe(InstanceState.RUNNING, null, null, T0)).isEqualTo("running now");
        assertThat(Countdown.describe(InstanceState.STOPPED, T0, null, T0)).isEqualTo("monitoring stopped");
        assertThat(Countdown.describe(InstanceState.DISABLED, null, null, T0)).isEqualTo("disabled");
        assertThat(Countdown.describe(InstanceState.INVALID, null, null, T0)).isEqualTo("flow invalid");
        assertThat(Countdown.describe(InstanceState.QUEUED, T0, null, T0)).isEqualTo("due — waiting for a slot");
        assertThat(Countdown.in(T0.plus(Duration.ofDays(2).plusHours(4)), T0)).isEqualTo("in 2 d 4 h");
        assertThat(Countdown.in(T0.plusMillis(200), T0)).as("a started second counts").isEqualTo("in 1 s");
    }

    @Test
    void aDisabledInstanceOfARateLimitedTargetShowsDisabledNotPaused() {
        var s = instance("poll-1", InstanceState.PAUSED, 1, 0);
        // what the agent sends: state PAUSED while the target's pause lasts, though the instance is disabled
        model.put(new InstanceStatus(s.id(), s.flow(), s.source(), false, s.cooldown(), InstanceState.PAUSED, null, null, null,
                T0.plusSeconds(5), T0.plusSeconds(600), null, 0, 0, 0, 1, false));
        assertThat(InstanceRow.shownState(model.row("poll-1").status())).isEqualTo(InstanceState.DISABLED);
        assertThat(model.row("poll-1").nextRun().get().text()).isEqualTo("disabled");
    }

    @Test
    void nextRunSortsBySoonestNotByText() {
        var now = T0;
        var running = NextRun.of(instance("r", InstanceState.RUNNING, 0, 0), now);
        var in5s = NextRun.of(scheduled("a", now.plusSeconds(5)), now);
        var in2m = NextRun.of(scheduled("b", now.plusSeconds(120)), now);
        var in1h = NextRun.of(scheduled("c", now.plusSeconds(3600)), now);
        var disabled = NextRun.of(instance("d", InstanceState.DISABLED, 0, 0), now);
        var sorted = new java.util.ArrayList<>(List.of(disabled, in1h, in2m, running, in5s));
        sorted.sort(NextRun.SOONEST);
        assertThat(sorted).extracting(NextRun::text).containsExactly("running now", "in 5 s", "in 2 m 00 s", "in 1 h 00 m", "disabled");
    }
}
