package io.cloudvoter.agent.schedule;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.flow.FlowParser;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.testing.FakeClock;
import io.cloudvoter.model.api.InstanceSpec;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.InstanceChanged;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulerTest {
    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final List<AgentEvent> events = new ArrayList<>();
    private Database db;
    private FlowCatalog flows;
    private FakeLauncher launcher;
    private EventBus bus;

    @BeforeEach
    void setUp() throws IOException {
        Path flowDir = Files.createDirectories(dir.resolve("flows"));
        Files.writeString(flowDir.resolve("a.yaml"), flow("vote-a", "http://a.example:8080/poll", "30s"));
        Files.writeString(flowDir.resolve("a2.yaml"), flow("vote-a2", "http://a.example:8080/other", "30s"));
        Files.writeString(flowDir.resolve("b.yaml"), flow("vote-b", "http://b.example/poll", "1m"));
        flows = new FlowCatalog(flowDir, new FlowParser(Map.of()));
        flows.reload();
        assertThat(flows.problems()).isEmpty();
        db = Database.open(dir.resolve("db.sqlite"));
        launcher = new FakeLauncher(clock);
        bus = new EventBus(clock);
        bus.subscribe(e -> events.add(e));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static String flow(String name, String target, String cooldown) {
        return """
                name: %s
                target: "%s"
                cooldown: %s
                steps:
                  - goto
                """.formatted(name, target, cooldown);
    }

    private Scheduler scheduler(int maxConcurrent) {
        return new Scheduler(clock, new Scheduler.Settings(maxConcurrent, Duration.ofMinutes(10), Duration.ofHours(24)),
                flows, new PlanStore(db), Map.of(), new StorageStates(dir.resolve("state")), launcher, bus,
                new MonitoringSwitch(dir));
    }

    private static InstanceSpec spec(String id, String flow) {
        return new InstanceSpec(id, flow, null, true);
    }

    @Test
    void runsADueInstanceThenWaitsForItsCooldown() {
        var s = scheduler(2);
        s.add(spec("one", "vote-a"), "api");
        s.tick();
        assertThat(launcher.ids()).containsExactly("one");
        assertThat(s.status("one").state()).isEqualTo(InstanceState.RUNNING);

        clock.advance(Duration.ofSeconds(2));
        launcher.last("one").finish(Outcome.SUCCESS);
        assertThat(s.status("one").nextRunAt()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(s.status("one").successes()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(29));
        s.tick();
        assertThat(launcher.launched).hasSize(1);
        assertThat(s.status("one").state()).isEqualTo(InstanceState.SCHEDULED);

        clock.advance(Duration.ofSeconds(1));
        s.tick();
        assertThat(launcher.launched).hasSize(2);
    }

    @Test
    void instanceCooldownOverridesTheFlowCooldown() {
        var s = scheduler(1);
        s.add(new InstanceSpec("one", "vote-a", Duration.ofSeconds(5), true), "api");
        s.tick();
        launcher.last("one").finish(Outcome.FAILED);
        assertThat(s.status("one").nextRunAt()).isEqualTo(clock.instant().plusSeconds(5));
        assertThat(s.status("one").failures()).isEqualTo(1);
    }

    @Test
    void neverRunsMoreThanTheConcurrencyLimit() {
        var s = scheduler(2);
        s.add(spec("one", "vote-a"), "api");
        s.add(spec("two", "vote-a"), "api");
        s.add(spec("three", "vote-b"), "api");
        s.tick();
        assertThat(launcher.launched).hasSize(2);
        assertThat(s.runningNow()).isEqualTo(2);
        var waiting = s.statuses().stream().filter(i -> i.state() == InstanceState.QUEUED).toList();
        assertThat(waiting).hasSize(1);

        s.tick();
        assertThat(launcher.launched).hasSize(2);

        launcher.launched.getFirst().finish(Outcome.SUCCESS);
        s.tick();
        assertThat(launcher.launched).hasSize(3);
        assertThat(launcher.ids()).containsExactlyInAnyOrder("one", "two", "three");
    }

    @Test
    void rateLimitPausesEveryInstanceOfTheTargetUntilTheRetryTime() {
        var s = scheduler(3);
        s.add(spec("a1", "vote-a"), "api");
        s.add(spec("a2", "vote-a2"), "api");
        s.add(spec("b1", "vote-b"), "api");
        s.tick();
        var retryAt = clock.instant().plus(Duration.ofMinutes(3));
        launcher.last("a1").finish(Outcome.RATE_LIMITED, retryAt);
        launcher.last("a2").finish(Outcome.SUCCESS);
        launcher.last("b1").finish(Outcome.SUCCESS);

        assertThat(s.status("a1").state()).isEqualTo(InstanceState.PAUSED);
        assertThat(s.status("a2").state()).isEqualTo(InstanceState.PAUSED);
        assertThat(s.status("a2").pausedUntil()).isEqualTo(retryAt);
        assertThat(s.status("b1").state()).isEqualTo(InstanceState.SCHEDULED);
        assertThatThrownBy(() -> s.runNow("a2")).isInstanceOf(Refusal.class).hasMessageContaining("rate limited until");

        clock.advance(Duration.ofMinutes(1));
        s.tick();
        assertThat(launcher.launched).hasSize(4);
        assertThat(launcher.launched.getLast().request.instanceId()).isEqualTo("b1");

        clock.advance(Duration.ofMinutes(2));
        s.tick();
        assertThat(launcher.ids()).containsExactlyInAnyOrder("a1", "a2", "b1", "b1", "a1", "a2");
    }

    @Test
    void rateLimitWithoutRetryTimeWaitsTheConfiguredPause() {
        var s = scheduler(1);
        s.add(spec("a1", "vote-a"), "api");
        s.tick();
        launcher.last("a1").finish(Outcome.RATE_LIMITED, null);
        assertThat(s.status("a1").pausedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(s.status("a1").rateLimited()).isEqualTo(1);
    }

    @Test
    void aRestartResumesThePersistedPlanAndPauses() {
        var s = scheduler(2);
        s.add(spec("a1", "vote-a"), "api");
        s.add(spec("b1", "vote-b"), "api");
        s.tick();
        launcher.last("a1").finish(Outcome.RATE_LIMITED, clock.instant().plus(Duration.ofMinutes(5)));
        launcher.last("b1").finish(Outcome.SUCCESS);
        var bNext = s.status("b1").nextRunAt();

        var again = scheduler(1);
        assertThat(again.status("b1").nextRunAt()).isEqualTo(bNext);
        assertThat(again.status("a1").state()).isEqualTo(InstanceState.PAUSED);
        int before = launcher.launched.size();
        again.tick();
        assertThat(launcher.launched).hasSize(before);
    }

    @Test
    void stoppedMonitoringRunsNothingButRunNowStillWorks() {
        var s = scheduler(1);
        s.add(spec("one", "vote-a"), "api");
        s.setMonitoring(false);
        s.tick();
        assertThat(launcher.launched).isEmpty();
        assertThat(s.status("one").state()).isEqualTo(InstanceState.STOPPED);

        s.runNow("one");
        s.tick();
        assertThat(launcher.launched).hasSize(1);
        assertThat(launcher.launched.getFirst().request.trigger()).isEqualTo("run-now");
        assertThat(scheduler(1).monitoring()).as("the switch survives a restart").isFalse();
    }

    @Test
    void holdsNewRunsWhileTheGuardRefuses() {
        var s = scheduler(1);
        s.add(spec("one", "vote-a"), "api");
        s.admission(() -> Optional.of("memory at 91% > soft 85%"));
        s.tick();
        assertThat(launcher.launched).isEmpty();
        assertThat(s.status("one").state()).isEqualTo(InstanceState.QUEUED);
        s.admission(Admission.ALWAYS);
        s.tick();
        assertThat(launcher.launched).hasSize(1);
    }

    /** Many runs in flight on one worker: the soft level stops admissions in the middle of a tick, and the ones in flight go on. */
    @Test
    void theGuardsSoftLevelStopsAdmissionsWhileManyRunsAreInFlight() {
        var s = scheduler(16);
        for (int i = 1; i <= 10; i++) {
            s.add(spec("i" + i, "vote-a"), "api");
        }
        var admitted = new java.util.concurrent.atomic.AtomicInteger();
        s.admission(() -> admitted.incrementAndGet() > 4 ? Optional.of("agent PSS 700 MB > soft 650 MB") : Optional.empty());
        s.tick();
        assertThat(launcher.launched).as("four admitted, then the soft level held the rest").hasSize(4);
        assertThat(s.runningNow()).isEqualTo(4);
        assertThat(s.statuses()).filteredOn(st -> st.state() == InstanceState.QUEUED).hasSize(6);

        s.tick();
        assertThat(launcher.launched).as("still soft").hasSize(4);
        s.admission(Admission.ALWAYS);
        s.tick();
        assertThat(launcher.launched).hasSize(10);
        assertThat(s.runningNow()).isEqualTo(10);
    }

    @Test
    void restartAbortsTheRunInFlightAndRunsAgainStraightAfter() {
        var s = scheduler(1);
        s.add(spec("one", "vote-a"), "api");
        s.tick();
        s.restart("one");
        var first = launcher.last("one");
        assertThat(first.abortedBecause).contains("restarted");
        first.finish(Outcome.INTERRUPTED);
        s.tick();
        assertThat(launcher.launched).hasSize(2);
        assertThat(launcher.last("one").request.trigger()).isEqualTo("restart");
    }

    @Test
    void rejectsBadInstancesWithTheFieldAndReason() {
        var s = scheduler(1);
        assertThatThrownBy(() -> s.add(spec("bad id!", "vote-a"), "api")).hasMessageContaining("id: 'bad id!'");
        assertThatThrownBy(() -> s.add(spec("x", "nope"), "api")).hasMessageContaining("flow: 'nope' is not loaded")
                .hasMessageContaining("vote-a");
        assertThatThrownBy(() -> s.add(new InstanceSpec("x", "vote-a", Duration.ofMillis(10), true), "api"))
                .hasMessageContaining("cooldown");
        s.add(spec("x", "vote-a"), "api");
        assertThatThrownBy(() -> s.add(spec("x", "vote-a"), "api")).isInstanceOf(Refusal.class)
                .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.CONFLICT);
    }

    @Test
    void configInstancesAreAppliedAndCannotBeDeletedThroughTheApi() {
        var s = scheduler(1);
        s.applyConfig(List.of(spec("c1", "vote-a"), spec("c2", "vote-b")));
        assertThatThrownBy(() -> s.remove("c1")).hasMessageContaining("defined in the config file");
        s.applyConfig(List.of(new InstanceSpec("c1", "vote-b", Duration.ofMinutes(2), false)));
        assertThat(s.statuses()).extracting(i -> i.id()).containsExactly("c1");
        assertThat(s.status("c1").flow()).isEqualTo("vote-b");
        assertThat(s.status("c1").state()).isEqualTo(InstanceState.DISABLED);
    }

    @Test
    void publishesStateChangesInOrder() {
        var s = scheduler(1);
        s.add(spec("one", "vote-a"), "api");
        s.tick();
        launcher.last("one").finish(Outcome.SUCCESS);
        var states = events.stream().filter(e -> e instanceof InstanceChanged).map(e -> ((InstanceChanged) e).instance().state()).toList();
        assertThat(states).containsSubsequence(InstanceState.QUEUED, InstanceState.RUNNING, InstanceState.SCHEDULED);
        assertThat(events).extracting(AgentEvent::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void anInstanceWhoseFlowIsGoneIsInvalidAndNeverRuns() throws IOException {
        var s = scheduler(1);
        s.add(spec("one", "vote-b"), "api");
        Files.delete(dir.resolve("flows/b.yaml"));
        flows.reload();
        s.tick();
        assertThat(launcher.launched).isEmpty();
        assertThat(s.status("one").state()).isEqualTo(InstanceState.INVALID);
    }
}
