package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CapacitySearchTest {
    private final CapacitySearch search = new CapacitySearch(100, 2, 1000, 8);

    private static Step passed(double offered, double achieved) {
        return StepRuleTest.step(offered, achieved, true);
    }

    private static Step missed(double offered, double achieved) {
        return StepRuleTest.step(offered, achieved, false);
    }

    @Test
    void startsAtTheFirstRateAndClimbsByTheGrowthWhileStepsPass() {
        assertThat(search.next(List.of())).hasValue(100);
        assertThat(search.next(List.of(passed(100, 99)))).hasValue(200);
        assertThat(search.next(List.of(passed(100, 99), passed(200, 197)))).hasValue(400);
    }

    @Test
    void neverOffersMoreThanTheMostAndStopsThere() {
        assertThat(search.next(List.of(passed(100, 99), passed(200, 199), passed(400, 398), passed(800, 790)))).hasValue(1000);
        assertThat(search.next(List.of(passed(100, 99), passed(200, 199), passed(400, 398), passed(800, 790), passed(1000, 990))))
                .isEmpty();
    }

    @Test
    void afterTheFirstMissOffersNinetyPercentOfWhatThatStepAchieved() {
        var climbed = List.of(passed(100, 99), passed(200, 198), missed(400, 300));
        assertThat(search.next(climbed).getAsDouble()).isCloseTo(270, within(1e-9));
        assertThat(search.next(List.of(passed(100, 99), passed(200, 198), missed(400, 300), passed(270, 268)))).isEmpty();
    }

    @Test
    void aRefiningStepThatMissesIsRefinedAgainAtMostTwice() {
        // a busy machine: the runs slow down, so even 90 % of the saturated rate can miss
        var once = List.of(missed(235, 215), missed(193.5, 178));
        assertThat(search.next(once).getAsDouble()).isCloseTo(160.2, within(1e-9));
        assertThat(search.next(List.of(missed(235, 215), missed(193.5, 178), missed(160.2, 150)))).isEmpty();
        assertThat(search.next(List.of(passed(100, 99), missed(200, 190), missed(171, 150)))).hasValue(135);
        assertThat(search.next(List.of(passed(100, 99), missed(200, 190), missed(171, 105)))).isEmpty(); // 94.5 cannot beat 99
    }

    @Test
    void noRefiningStepWhenItCannotBeatTheBestPassingStep() {
        assertThat(search.next(List.of(passed(100, 99), passed(200, 198), missed(400, 210)))).isEmpty();
    }

    @Test
    void aSlowAgentWhoseFirstStepMissesStillGetsAStepItCanPass() {
        // today's engine at L = 1 s: one run at a time, about 21 runs/min whatever is offered
        assertThat(search.next(List.of(missed(100, 21))).getAsDouble()).isCloseTo(18.9, within(1e-9));
    }

    @Test
    void stopsAfterTheMostSteps() {
        var two = new CapacitySearch(100, 2, 1000, 2);
        assertThat(two.next(List.of(passed(100, 99), passed(200, 198)))).isEmpty();
        assertThat(two.next(List.of(passed(100, 99), missed(200, 150)))).isEmpty();
    }

    @Test
    void rejectsASearchThatCannotClimb() {
        assertThatThrownBy(() -> new CapacitySearch(100, 1, 1000, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CapacitySearch(0, 2, 1000, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CapacitySearch(100, 2, 50, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
