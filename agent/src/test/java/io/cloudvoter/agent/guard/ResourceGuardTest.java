package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.ResourcesEvent;
import io.cloudvoter.agent.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cloudvoter.agent.guard.Samples.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The guard's actions end to end: fake readings in, real SQLite and a real event bus out. */
class ResourceGuardTest {
    @TempDir
    Path dir;
    final FakeClock clock = new FakeClock();
    final ArrayDeque<ResourceSample> script = new ArrayDeque<>();
    final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> recycled = new CompletableFuture<>();
    Database db;
    EventBus bus;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("cloudvoter.db"));
        bus = new EventBus(clock);
        bus.subscribe(e -> events.add(e));
    }

    @AfterEach
    void close() {
        db.close();
    }

    GuardResponses responses() {
        return new GuardResponses() {
            @Override
            public CompletableFuture<?> recycleBrowser(String reason) {
                calls.add("recycle: " + reason);
                return recycled;
            }

            @Override
            public void interruptRuns(String reason) {
                calls.add("interrupt: " + reason);
            }

            @Override
            public void shutdown(int exitCode, String reason) {
                calls.add("shutdown " + exitCode + ": " + reason);
            }
        };
    }

    record Parts(ResourceGuard guard, ResourceSampler sampler) {
    }

    Parts guard(GuardSettings settings) {
        var guard = new ResourceGuard(settings, new GuardActions(db), bus, responses(), clock);
        var sampler = new ResourceSampler(() -> {
            clock.advance(Duration.ofSeconds(5));
            var s = script.removeFirst();
            return new ResourceSample(clock.instant(), s.machineCpuPercent(), s.machineMemoryTotal(), s.machineMemoryAvailable(),
                    s.agentCpuPercent(), s.agentPss(), s.browserPss(), s.browserProcesses(), s.cgroupMemoryCurrent(),
                    s.cgroupMemoryMax(), s.cgroupWorkingSet(), s.cgroupCpuPercent());
        }, settings, bus, guard::onSample);
        return new Parts(guard, sampler);
    }

    static GuardSettings unsmoothed(boolean enabled) {
        return new GuardSettings(enabled, Duration.ofSeconds(5), 1.0, 0.10, GuardSettings.defaultThresholds(),
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(12));
    }

    List<GuardAction> guardEvents() {
        return events.stream().filter(GuardEvent.class::isInstance).map(e -> ((GuardEvent) e).action()).toList();
    }

    @Test
    void theSoftLevelHoldsNewRunsUntilTheReadingIsBackByTheMargin() {
        var p = guard(unsmoothed(true));
        script.addAll(List.of(Samples.calm(), Samples.available(180), Samples.available(210), Samples.available(230)));

        p.sampler().sampleNow();
        assertThat(p.guard().refusal()).isEmpty();

        p.sampler().sampleNow();
        assertThat(p.guard().refusal()).contains("resource guard at the soft level: available memory 180 MB < soft 200 MB");

        p.sampler().sampleNow();
        assertThat(p.guard().level()).as("210 MB is within the 10% margin").isEqualTo(GuardLevel.SOFT);

        p.sampler().sampleNow();
        assertThat(p.guard().refusal()).isEmpty();
        assertThat(guardEvents()).extracting(GuardAction::level, GuardAction::action)
                .containsExactly(tuple("SOFT", "hold-new-runs"), tuple("NORMAL", "admit"));
        assertThat(guardEvents().getLast().reason()).startsWith("every reading back under its soft threshold by the 10% margin");
        assertThat(p.guard().recentActions()).isEqualTo(guardEvents());
        assertThat(calls).isEmpty();
    }

    @Test
    void everyActionIsStoredWithTheReadingsBehindIt() {
        var p = guard(unsmoothed(true));
        script.add(Samples.cgroup(1500, 1600));
        p.sampler().sampleNow();

        var row = db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT level, action, available_memory, agent_pss,"
                    + " browser_pss, cgroup_working_set, cgroup_memory_max, cpu_percent FROM guard_actions")) {
                rs.next();
                return List.of(rs.getString(1), rs.getString(2), rs.getLong(3) / MB, rs.getLong(4) / MB, rs.getLong(5) / MB,
                        rs.getLong(6) / MB, rs.getLong(7) / MB, rs.getDouble(8));
            }
        });
        assertThat(row).containsExactly("HARD", "recycle-browser", 100L, 60L, 300L, 1500L, 1600L, 10.0);
    }

    @Test
    void theHardLevelRecyclesTheBrowserOnceAndInterruptsRunsThatOutlastTheDrainTimeout() {
        var p = guard(unsmoothed(true));
        script.addAll(List.of(Samples.agentTree(900), Samples.agentTree(950)));

        p.sampler().sampleNow();
        p.sampler().sampleNow();

        assertThat(calls.getFirst()).isEqualTo("recycle: resource guard at the hard level: agent tree PSS 900 MB > hard 800 MB");
        assertThat(p.guard().refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("resource guard at the hard level"));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
        assertThat(calls.get(1)).startsWith("interrupt: the resource guard is recycling the browser");
        assertThat(guardEvents()).extracting(GuardAction::action).containsExactly("recycle-browser", "interrupt-runs");
    }

    @Test
    void aRecycleThatEndsWithinTheDrainTimeoutInterruptsNothing() {
        recycled = CompletableFuture.completedFuture(null);
        var p = guard(unsmoothed(true));
        script.add(Samples.agentTree(900));

        p.sampler().sampleNow();

        // The drain timeout is 200 ms: nothing may be interrupted well past it.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 1);
        assertThat(guardEvents()).extracting(GuardAction::action).containsExactly("recycle-browser");
    }

    @Test
    void theCriticalLevelStopsTheAgentWithItsExitCodeOnce() {
        var p = guard(unsmoothed(true));
        script.addAll(List.of(Samples.available(40), Samples.available(10), Samples.calm()));

        p.sampler().sampleNow();
        p.sampler().sampleNow();
        p.sampler().sampleNow();

        assertThat(calls).containsExactly("shutdown 75: resource guard: available memory 40 MB < critical 50 MB");
        assertThat(p.guard().level()).isEqualTo(GuardLevel.CRITICAL);
        assertThat(guardEvents()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo("CRITICAL");
            assertThat(a.action()).isEqualTo("shutdown");
            assertThat(a.reason()).isEqualTo("available memory 40 MB < critical 50 MB; stopping the agent (exit code 75) for a fresh start");
        });
    }

    @Test
    void aDisabledGuardStillSamplesButNeverActs() {
        var p = guard(unsmoothed(false));
        script.add(Samples.available(10));

        p.sampler().sampleNow();

        assertThat(calls).isEmpty();
        assertThat(p.guard().refusal()).isEmpty();
        assertThat(events).singleElement().isInstanceOf(ResourcesEvent.class);
    }

    @Test
    void everySampleIsPublishedAndKeptForTheConfiguredWindow() {
        var p = guard(unsmoothed(true));
        for (int i = 0; i < 5; i++) {
            script.add(Samples.calm());
            p.sampler().sampleNow();
        }

        assertThat(events).hasSize(5).allMatch(ResourcesEvent.class::isInstance);
        assertThat(p.sampler().history()).as("12 s of history at one sample per 5 s").hasSize(3)
                .last().isEqualTo(p.sampler().latest());
        assertThat(p.sampler().history().getFirst().time()).isEqualTo(p.sampler().latest().time().minusSeconds(10));
    }

    @Test
    void cpuIsSmoothedButMemoryRisesAtOnce() {
        var settings = new GuardSettings(true, Duration.ofSeconds(5), 0.5, 0.10, GuardSettings.defaultThresholds(),
                Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(15));
        var p = guard(settings);
        script.addAll(List.of(Samples.cpu(10), Samples.cpu(100), Samples.agentTree(700), Samples.agentTree(500)));

        assertThat(p.sampler().sampleNow().machineCpuPercent()).isEqualTo(10.0);
        assertThat(p.sampler().sampleNow().machineCpuPercent()).as("one burst to 100%").isEqualTo(55.0);
        assertThat(p.guard().level()).isEqualTo(GuardLevel.NORMAL);

        var risen = p.sampler().sampleNow();
        assertThat(Metric.AGENT_PSS.value(risen)).isEqualTo(700.0 * MB);
        assertThat(p.guard().level()).isEqualTo(GuardLevel.SOFT);
        var eased = p.sampler().sampleNow();
        assertThat(Metric.AGENT_PSS.value(eased)).as("halfway down").isEqualTo(600.0 * MB);
        assertThat(p.guard().level()).as("600 MB is within soft's margin").isEqualTo(GuardLevel.SOFT);
    }

    @Test
    void storedActionsOutliveTheAgent() {
        var p = guard(unsmoothed(true));
        script.add(Samples.available(150));
        p.sampler().sampleNow();
        db.close();

        db = Database.open(dir.resolve("cloudvoter.db"));
        var again = new ResourceGuard(unsmoothed(true), new GuardActions(db), bus, responses(), clock);

        assertThat(again.recentActions()).extracting(GuardAction::action, GuardAction::reason)
                .containsExactly(tuple("hold-new-runs", "available memory 150 MB < soft 200 MB"));
        assertThat(again.level()).as("a new agent starts at normal and judges afresh").isEqualTo(GuardLevel.NORMAL);
    }

    @Test
    void onlyTheNewestActionsAreKept() {
        var store = new GuardActions(db);
        for (int i = 0; i < GuardActions.KEEP + 5; i++) {
            store.record(new GuardAction(clock.instant(), "SOFT", "hold-new-runs", "n" + i), null);
        }
        assertThat(store.recent(1)).extracting(GuardAction::reason).containsExactly("n" + (GuardActions.KEEP + 4));
        assertThat(store.recent(Integer.MAX_VALUE)).hasSize(GuardActions.KEEP).first()
                .extracting(GuardAction::reason).isEqualTo("n5");
    }

    @Test
    void defaultsAreUsedForMetricsASettingsMapLeavesOut() {
        var s = new GuardSettings(true, Duration.ofSeconds(5), 1, 0.1, Map.of(), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);
        assertThat(s.of(Metric.CPU)).isEqualTo(Thresholds.OFF);
    }
}
