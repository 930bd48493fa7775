package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.TestAgents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentRestartTest {
    @TempDir
    Path dir;

    @Test
    void anUnsupervisedAgentRefusesToRestartAndSaysWhy() {
        var agent = Agent.startWithoutBrowserProbe(TestAgents.config(dir, Map.of()));
        try {
            var answer = new Api(agent.baseUrl(), TestAgents.TOKEN).post("/api/agent/restart", null);
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json().path("message").asText()).contains("not run by a supervisor").contains("CLOUDVOTER_SUPERVISED");
            assertThat(new Api(agent.baseUrl(), null).get("/api/health/live").status()).as("still running").isEqualTo(200);
        } finally {
            agent.close();
        }
    }

    @Test
    void aSupervisedAgentStopsGracefullyWithTheRestartExitCode() throws Exception {
        var agent = Agent.startWithoutBrowserProbe(TestAgents.config(dir, Map.of(), TestAgents.QUIET_GUARD + "  supervised: true\n"));
        var exitCode = new CompletableFuture<Integer>();
        agent.afterExitStop(exitCode::complete);
        var api = new Api(agent.baseUrl(), TestAgents.TOKEN);

        var answer = api.post("/api/agent/restart", null);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("restarting").asBoolean()).isTrue();
        assertThat(exitCode.get(30, TimeUnit.SECONDS)).isEqualTo(Agent.EXIT_RESTART);
        assertThatThrownBy(() -> api.get("/api/status")).as("the server is gone").isInstanceOf(UncheckedIOException.class);
        assertThat(agent.browser().processes().all()).isEmpty();
        agent.close(); // a second stop is a no-op
    }
}
