package io.cloudvoter.bench;

import io.cloudvoter.agent.flow.FlowParser;
import io.cloudvoter.agent.flow.ParseResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyBenchTest {

    @Test
    void theFlowItWritesIsOneTheAgentAccepts() {
        var parsed = new FlowParser(Map.of("agent", "http://127.0.0.1:8077"))
                .parse("latency-vote.yaml", LatencyBench.flow("http://127.0.0.1:40123/poll/"));
        assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
        var flow = ((ParseResult.Valid) parsed).flow();
        assertThat(flow.name()).isEqualTo(LatencyBench.FLOW);
        assertThat(flow.target()).isEqualTo("http://127.0.0.1:40123/poll/");
        assertThat(flow.block()).containsExactlyInAnyOrder("image", "font", "media");
        assertThat(flow.steps()).hasSize(4);
    }

    @Test
    void latencyOptionTakesSecondsOrMillisecondsWithinRange() {
        assertThat(BenchOptions.latency("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(BenchOptions.latency("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(BenchOptions.latency("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> BenchOptions.latency("soon")).hasMessageContaining("--latency: 'soon' is not a duration");
        assertThatThrownBy(() -> BenchOptions.latency("6s")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> BenchOptions.latency("0ms")).hasMessageContaining("out of range");
    }
}
