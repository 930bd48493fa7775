package io.cloudvoter.agent.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {
    @Test
    void labelValuesAreEscapedSoThatAnyTextSurvives() {
        String nasty = "a \"quoted\" back\\slash\nand a new line, and a literal \\n";
        var text = new PrometheusText().family("x_total", "counter", "help with \\ and\nnew line")
                .sample("x_total", 3, "reason", nasty).toString();
        var sample = PrometheusParser.parse(text).get("x_total").samples().getFirst();
        assertThat(sample.labels()).isEqualTo(Map.of("reason", nasty));
        assertThat(sample.value()).isEqualTo(3);
    }

    @Test
    void numbersAreWrittenTheWayPrometheusReadsThem() {
        assertThat(PrometheusText.number(42)).isEqualTo("42");
        assertThat(PrometheusText.number(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.number(1.7e18)).isEqualTo("1.7E18");
    }

    @Test
    void aHistogramCountsEachObservationInItsBucketAndAllAbove() {
        var h = new Histogram(1, 5);
        h.observe(0.5);
        h.observe(1);
        h.observe(3);
        h.observe(60);
        var out = new PrometheusText().family("d_seconds", "histogram", "durations");
        h.write(out, "d_seconds");
        var samples = PrometheusParser.parse(out.toString()).get("d_seconds").samples();
        assertThat(samples).extracting(s -> s.name() + s.labels() + "=" + s.value()).containsExactly(
                "d_seconds_bucket{le=1}=2.0", "d_seconds_bucket{le=5}=3.0", "d_seconds_bucket{le=+Inf}=4.0",
                "d_seconds_sum{}=64.5", "d_seconds_count{}=4.0");
    }
}
