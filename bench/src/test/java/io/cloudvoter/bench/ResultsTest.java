package io.cloudvoter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsTest {

    @Test
    void resultsJsonCarriesTheLatencyFiguresAndEachStepWithWhetherItPassed(@TempDir Path dir) throws Exception {
        var results = new Results();
        results.put("latencyCapacityRunsPerMin", 312.4, "runs/min", ">= 300", "note");
        results.detail("latency", Map.of("steps", List.of(StepRuleTest.step(330, 312.4, true), StepRuleTest.step(660, 400, false))));
        results.fillMissing("not measured");
        var file = dir.resolve("results.json");
        results.write(file, Map.of("summary", "test"), Map.of("quick", true));

        var json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("latencyCapacityRunsPerMin").asDouble()).isEqualTo(312.4);
        assertThat(json.get("figures").get("latencyCapacityRunsPerMin").get("met").asBoolean()).isTrue();
        for (var name : List.of("latencyPeakPssMb", "inFlightPerWorker", "latencyRunP50Ms")) {
            assertThat(json.has(name)).as(name).isTrue();
            assertThat(json.get(name).isNull()).as(name).isTrue();
        }
        var steps = json.get("details").get("latency").get("steps");
        assertThat(steps.get(0).get("passed").asBoolean()).isTrue();
        assertThat(steps.get(1).get("passed").asBoolean()).isFalse();
        assertThat(steps.get(1).get("miss").asText()).isEqualTo("missed");
        assertThat(steps.get(0).get("load").get("agentCores").asDouble()).isEqualTo(1.0);
    }
}
