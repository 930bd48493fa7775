package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.rules.BrowserDown;
import io.cloudvoter.agent.alerts.rules.CrashRestart;
import io.cloudvoter.agent.alerts.rules.FailuresInARow;
import io.cloudvoter.agent.alerts.rules.GuardLevelRule;
import io.cloudvoter.agent.alerts.rules.StorageCheck;
import io.cloudvoter.agent.alerts.rules.SuccessRate;
import io.cloudvoter.agent.alerts.rules.TargetPaused;
import io.cloudvoter.agent.alerts.rules.Verdict;
import io.cloudvoter.agent.guard.GuardLevel;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.RunFinished;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule's thresholds: at, one under, one over; and what clears it. */
class RulesTest {
    static final Instant T = Instant.parse("2026-06-01T03:00:00Z");
    long ids = 1;

    RunRecord run(String instance, Outcome outcome, Instant at) {
        return new RunRecord(ids++, instance, "vote", outcome, at, 1000L, outcome == Outcome.SUCCESS ? null : "said no", null, null);
    }

    RunFinished finished(String instance, Outcome outcome) {
        return new RunFinished(ids, T, run(instance, outcome, T));
    }

    static InstanceStatus instance(String id, Instant pausedUntil) {
        return new InstanceStatus(id, "vote", "config", true, Duration.ofSeconds(10),
                pausedUntil == null ? InstanceState.SCHEDULED : InstanceState.PAUSED, null, null, null, null, pausedUntil, null,
                0, 0, 0, 0, false);
    }

    static List<Verdict> firing(List<Verdict> verdicts) {
        return verdicts.stream().filter(Verdict::firing).toList();
    }

    @Test
    void failuresInARowCountFailedAndErrorAndSkipRateLimitsAndInterruptions() {
        var rule = new FailuresInARow(3, List.of(instance("a", null)), id -> List.of());
        rule.onEvent(finished("a", Outcome.FAILED));
        rule.onEvent(finished("a", Outcome.RATE_LIMITED));
        rule.onEvent(finished("a", Outcome.ERROR));
        rule.onEvent(finished("a", Outcome.INTERRUPTED));
        assertThat(firing(rule.evaluate(T, Set.of()))).isEmpty();
        rule.onEvent(finished("a", Outcome.FAILED));
        assertThat(firing(rule.evaluate(T, Set.of()))).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("failures-in-a-row:instance:a");
            assertThat(v.severity()).isEqualTo(AlertSeverity.WARNING);
            assertThat(v.message()).startsWith("a failed 3 times in a row; last: run 5 FAILED: said no");
            assertThat(v.instanceId()).isEqualTo("a");
            assertThat(v.flow()).isEqualTo("vote");
        });
        rule.onEvent(finished("a", Outcome.SUCCESS));
        assertThat(rule.evaluate(T, Set.of("failures-in-a-row:instance:a"))).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("a: run 6 succeeded after 3 failures"));
    }

    @Test
    void failuresInARowReadTheStreakBackFromTheHistoryAtStart() {
        // newest first, as the store lists them: two failures since the last success
        var history = List.of(run("a", Outcome.ERROR, T), run("a", Outcome.RATE_LIMITED, T), run("a", Outcome.FAILED, T),
                run("a", Outcome.SUCCESS, T), run("a", Outcome.FAILED, T));
        var rule = new FailuresInARow(3, List.of(instance("a", null), instance("b", null)), id -> id.equals("a") ? history : List.of());
        assertThat(firing(rule.evaluate(T, Set.of()))).isEmpty();
        rule.onEvent(finished("a", Outcome.FAILED));
        assertThat(firing(rule.evaluate(T, Set.of()))).hasSize(1);
    }

    @Test
    void failuresInARowClearWhenTheInstanceGoes() {
        var rule = new FailuresInARow(1, List.of(instance("a", null)), id -> List.of());
        rule.onEvent(finished("a", Outcome.FAILED));
        rule.onEvent(new InstanceRemoved(9, T, "a"));
        assertThat(rule.evaluate(T, Set.of("failures-in-a-row:instance:a", "failures-in-a-row:instance:gone")))
                .extracting(Verdict::key, Verdict::firing)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("failures-in-a-row:instance:a", false),
                        org.assertj.core.groups.Tuple.tuple("failures-in-a-row:instance:gone", false));
    }

    @Test
    void successRateNeedsItsMinimumOfRunsInTheWindowAndClearsAsItSlides() {
        var recent = new java.util.ArrayList<RunRecord>();
        for (int i = 0; i < 10; i++) {
            recent.add(run("a", i < 7 ? Outcome.SUCCESS : Outcome.FAILED, T.plusSeconds(i)));
        }
        recent.add(run("a", Outcome.RATE_LIMITED, T)); // says nothing about the flow
        var rule = new SuccessRate(80, Duration.ofHours(1), 10, recent);
        assertThat(firing(rule.evaluate(T.plusSeconds(60), Set.of()))).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("success-rate:flow:vote");
            assertThat(v.message()).isEqualTo("7 of 10 runs of flow vote succeeded in the last 1h (70%), below 80%");
        });
        var nine = new SuccessRate(80, Duration.ofHours(1), 10, recent.subList(1, 10));
        assertThat(firing(nine.evaluate(T.plusSeconds(60), Set.of()))).isEmpty();
        var exactly = new SuccessRate(70, Duration.ofHours(1), 10, recent);
        assertThat(firing(exactly.evaluate(T.plusSeconds(60), Set.of()))).as("at the threshold is not below it").isEmpty();
        assertThat(rule.evaluate(T.plus(Duration.ofHours(2)), Set.of("success-rate:flow:vote"))).singleElement()
                .satisfies(v -> assertThat(v.firing()).isFalse());
    }

    @Test
    void aTargetPausedLongerThanTheLimitFiresAsSoonAsThePauseIsKnownAndClearsWhenItEnds() {
        var rule = new TargetPaused(Duration.ofMinutes(30), List.of(instance("a", null), instance("b", null)), T);
        rule.onEvent(new InstanceChanged(1, T, instance("a", T.plus(Duration.ofMinutes(30)))));
        assertThat(firing(rule.evaluate(T, Set.of()))).as("exactly 30m is not longer").isEmpty();
        rule.onEvent(new InstanceChanged(2, T, instance("b", T.plus(Duration.ofMinutes(31)))));
        assertThat(firing(rule.evaluate(T, Set.of()))).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("target-paused:flow:vote");
            assertThat(v.message()).contains("2 instance(s) paused").contains("31m");
        });
        rule.onEvent(new InstanceChanged(3, T, instance("a", null)));
        rule.onEvent(new InstanceChanged(4, T, instance("b", null)));
        assertThat(rule.evaluate(T.plusSeconds(60), Set.of("target-paused:flow:vote"))).singleElement()
                .satisfies(v -> assertThat(v.firing()).isFalse());
    }

    @Test
    void theBrowserFailingForMoreThanAMinuteFiresUntilItIsUp() {
        var status = new AtomicReference<>(new BrowserStatus("FAILED", "/usr/bin/chromium", null, "exit code 127", null, 0, 0));
        var rule = new BrowserDown(Duration.ofMinutes(1), status::get);
        assertThat(rule.evaluate(T, Set.of())).isEmpty();
        status.set(new BrowserStatus("STARTING", "/usr/bin/chromium", null, null, null, 0, 0));
        assertThat(rule.evaluate(T.plusSeconds(60), Set.of())).as("exactly a minute").isEmpty();
        status.set(new BrowserStatus("FAILED", "/usr/bin/chromium", null, "exit code 127", null, 0, 0));
        assertThat(rule.evaluate(T.plusSeconds(61), Set.of())).singleElement().satisfies(v -> {
            assertThat(v.firing()).isTrue();
            assertThat(v.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(v.message()).endsWith(": exit code 127");
        });
        status.set(new BrowserStatus("UP", "/usr/bin/chromium", "156", null, T, 1, 0));
        assertThat(rule.evaluate(T.plusSeconds(70), Set.of("browser-down"))).singleElement()
                .satisfies(v -> assertThat(v.firing()).isFalse());
    }

    @Test
    void theGuardAlertsFromItsLevelUp() {
        var hard = new GuardLevelRule(GuardLevel.HARD);
        var critical = new GuardLevelRule(GuardLevel.CRITICAL);
        var event = new GuardEvent(1, T, new GuardAction(T, "HARD", "recycle-browser", "PSS 900 MB > 800 MB"));
        hard.onEvent(event);
        critical.onEvent(event);
        assertThat(firing(hard.evaluate(T, Set.of()))).singleElement()
                .satisfies(v -> assertThat(v.severity()).isEqualTo(AlertSeverity.WARNING));
        assertThat(firing(critical.evaluate(T, Set.of()))).isEmpty();
        critical.onEvent(new GuardEvent(2, T, new GuardAction(T, "CRITICAL", "shutdown", "50 MB left")));
        assertThat(firing(critical.evaluate(T, Set.of()))).singleElement()
                .satisfies(v -> assertThat(v.severity()).isEqualTo(AlertSeverity.CRITICAL));
        hard.onEvent(new GuardEvent(3, T, new GuardAction(T, "SOFT", "hold-new-runs", "below hard")));
        assertThat(firing(hard.evaluate(T, Set.of()))).isEmpty();
    }

    @Test
    void aStartAfterACrashAlertsUntilARunSucceeds() {
        var crashed = new CrashRestart(2, T);
        assertThat(firing(crashed.evaluate(T, Set.of()))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("2 run(s) of the previous process were cut"));
        crashed.onEvent(finished("a", Outcome.FAILED));
        assertThat(firing(crashed.evaluate(T, Set.of()))).hasSize(1);
        crashed.onEvent(finished("a", Outcome.SUCCESS));
        assertThat(firing(crashed.evaluate(T, Set.of("crash-restart")))).isEmpty();
        assertThat(firing(new CrashRestart(0, T).evaluate(T, Set.of("crash-restart")))).isEmpty();
    }

    @Test
    void theStorageIsProbedEveryIntervalNotEveryLook() {
        var probes = new AtomicInteger();
        var problem = new AtomicReference<Optional<StorageCheck.Problem>>(Optional.empty());
        var rule = new StorageCheck(Duration.ofSeconds(30), () -> {
            probes.incrementAndGet();
            return problem.get();
        });
        rule.evaluate(T, Set.of());
        problem.set(Optional.of(new StorageCheck.Problem(AlertSeverity.CRITICAL, "disk full")));
        assertThat(firing(rule.evaluate(T.plusSeconds(29), Set.of()))).isEmpty();
        assertThat(firing(rule.evaluate(T.plusSeconds(30), Set.of()))).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("disk full"));
        assertThat(probes).hasValue(2);
    }
}
