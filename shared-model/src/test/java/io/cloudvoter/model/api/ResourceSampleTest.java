package io.cloudvoter.model.api;

import io.cloudvoter.model.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceSampleTest {
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void roundTripsEveryFieldThroughTheProtocolMapping() throws Exception {
        var sample = new ResourceSample(T, 12.5, 1_000L, 400L, 3.0, 60L, 300L, 7, 500L, 900L, 450L, 40.0);

        var json = Json.mapper().writeValueAsString(sample);

        assertThat(Json.mapper().readValue(json, ResourceSample.class)).isEqualTo(sample);
        assertThat(json).contains("\"cgroupWorkingSet\":450", "\"cgroupCpuPercent\":40.0");
    }

    @Test
    void aSampleWrittenWithoutTheCgroupAdditionsStillReads() throws Exception {
        var old = """
                {"time":"2026-11-27T10:00:00Z","machineCpuPercent":5.0,"machineMemoryTotal":1000,
                 "machineMemoryAvailable":400,"agentPss":60,"browserProcesses":3}""";

        var sample = Json.mapper().readValue(old, ResourceSample.class);

        assertThat(sample).isEqualTo(new ResourceSample(T, 5.0, 1_000L, 400L, null, 60L, null, 3, null, null));
        assertThat(sample.cgroupWorkingSet()).isNull();
    }
}
