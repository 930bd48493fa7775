package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.model.api.GuardAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A real agent started with thresholds its machine already exceeds: the guard acts before any run. */
class GuardInAgentTest {
    @TempDir
    Path dir;

    @Test
    void loweredThresholdsHoldRunsFromTheFirstSampleAndSayWhy() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/monitoring-stopped"), "test\n");
        var config = TestAgents.config(dir.resolve("data"), Map.of("CLOUDVOTER_DEMO", "true"), """
                cloudvoter:
                  guard:
                    available-memory: { soft: 1TB, hard: off, critical: off }
                    agent-pss: { soft: off, hard: off, critical: off }
                    cpu: { soft: off }
                """);
        try (var agent = Agent.start(config)) {
            assertThat(agent.guard().level()).as("judged before Agent.start returned").isEqualTo(GuardLevel.SOFT);
            assertThat(agent.guard().recentActions()).extracting(GuardAction::level, GuardAction::action)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("SOFT", "hold-new-runs"));
            assertThat(agent.guard().recentActions().getFirst().reason()).matches("available memory \\d+ MB < soft 1048576 MB");

            var api = new Api(agent.baseUrl(), TestAgents.TOKEN);
            assertThat(api.post("/api/instances/demo-1/run", null).status()).isEqualTo(202);
            agent.scheduler().tick();
            assertThat(agent.scheduler().runningNow()).as("run-now is held too").isZero();
            assertThat(api.get("/api/instances/demo-1").json().path("state").asText()).isEqualTo("QUEUED");

            var resources = api.get("/api/status").json().path("resources");
            assertThat(resources.path("machineMemoryAvailable").asLong()).isPositive();
            assertThat(resources.path("agentPss").asLong()).isPositive();
            assertThat(agent.sampler().history()).isNotEmpty().last().isEqualTo(agent.sampler().latest());
        }
    }
}
