package io.cloudvoter.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    @Test
    void percentilesUseTheNearestRank() {
        var samples = List.of(5, 1, 4, 2, 3, 10, 9, 8, 7, 6);
        assertThat(Stats.median(samples)).isEqualTo(5.5);
        assertThat(Stats.median(List.of(3, 1, 2))).isEqualTo(2);
        assertThat(Stats.percentile(samples, 50)).isEqualTo(5);
        assertThat(Stats.percentile(samples, 90)).isEqualTo(9);
        assertThat(Stats.percentile(samples, 99)).isEqualTo(10);
        assertThat(Stats.percentile(samples, 0)).isEqualTo(1);
        assertThat(Stats.percentile(List.<Integer>of(), 50)).isNaN();
    }

    @Test
    void slopeIsTheLeastSquaresFit() {
        // 300 MB fixed plus 15 MB per session, with a little noise around it
        var x = List.of(1, 5, 10, 20);
        var y = List.of(315.0, 376.0, 449.0, 601.0);
        assertThat(Stats.slope(x, y)).isCloseTo(15.05, within(0.1));
    }

    @Test
    void spreadIsRangeOverMedian() {
        assertThat(Stats.spread(List.of(90, 100, 110))).isCloseTo(0.2, within(1e-9));
    }
}
