package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepRuleTest {

    static Step step(double offered, double achieved, boolean passed) {
        return new Step(10, 30, offered, achieved, achieved, 100, 0, 100.0, 500.0, 300.0, 2, 400, java.util.Map.of(), new LoadMeter.Load(50, 1, java.util.Map.of()), 0,
                passed ? null : "missed");
    }

    @Test
    void cpuPerRunIsTheWindowsCpuByKindOverTheRunsStartedInIt() {
        var load = new LoadMeter.Load(50, 1, java.util.Map.of("renderer", 1570L, "java", 245L));
        var step = new Step(10, 30, 20, 20, 20, 10, 0, 100.0, 500.0, 300.0, 2, 400, java.util.Map.of(), load, 0, null);
        assertThat(step.cpuMsPerRunByKind()).containsExactly(java.util.Map.entry("java", 24.5), java.util.Map.entry("renderer", 157.0));
        assertThat(step.summary()).contains("(182 ms a run)");
        var none = new Step(10, 30, 20, 0, 0, 0, 0, null, null, null, 0, 400, java.util.Map.of(), load, 0, "missed");
        assertThat(none.cpuMsPerRunByKind()).isEmpty();
        assertThat(none.summary()).doesNotContain("ms a run");
    }

    @Test
    void passesAtNinetyFivePercentOfTheOfferedRateAndNotBelow() {
        assertThat(StepRule.miss(100, 95, 500.0, 100, 0)).isNull();
        assertThat(StepRule.miss(100, 94.9, 500.0, 100, 0)).contains("achieved 95/min < 95 % of the 100/min offered");
    }

    @Test
    void theStepThatAchievedFarBelowItsOfferMisses() {
        // seen in bench --quick: offered 369/min, achieved 208/min, lateness still low in a short window
        assertThat(StepRule.miss(369, 208, 1200.0, 52, 0)).contains("achieved 208/min");
    }

    @Test
    void missesWhenLatenessP99IsPastFiveSecondsOrUnknown() {
        assertThat(StepRule.miss(100, 100, 5000.0, 100, 0)).isNull();
        assertThat(StepRule.miss(100, 100, 5001.0, 100, 0)).contains("lateness p99 5001 ms > 5000 ms");
        assertThat(StepRule.miss(100, 100, null, 100, 0)).contains("no run with a predecessor");
    }

    @Test
    void allowsTwoPercentOfRunsNotSuccessfulAndNoMore() {
        assertThat(StepRule.miss(100, 100, 500.0, 100, 2)).isNull();
        assertThat(StepRule.miss(100, 100, 500.0, 100, 3)).contains("3 of 100 runs not SUCCESS");
        assertThat(StepRule.miss(100, 100, 500.0, 10, 1)).contains("1 of 10 runs not SUCCESS");
    }

    @Test
    void aWindowWithoutRunsMisses() {
        assertThat(StepRule.miss(10, 0, null, 0, 0)).contains("no run started in the window");
    }

    @Test
    void listsEveryReasonAStepMissed() {
        assertThat(StepRule.miss(100, 50, 9000.0, 100, 10)).contains("achieved", "lateness", "not SUCCESS");
    }

    @Test
    void theFigureIsTheHighestAchievedRateOfAPassingStepNotTheLastPassingOne() {
        var steps = List.of(step(200, 199, true), step(270, 260, true), step(300, 250, true), step(400, 300, false));
        assertThat(StepRule.best(steps)).hasValueSatisfying(s -> assertThat(s.achievedPerMin()).isEqualTo(260));
    }

    @Test
    void noFigureWhenNoStepPassed() {
        assertThat(StepRule.best(List.of(step(300, 22, false), step(20, 18, false)))).isEmpty();
    }
}
