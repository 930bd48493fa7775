package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A page that says "Thanks for voting!" or, while {@link #failing} is set, "Voting is closed", the
 * flow {@code vote} that reads it, and an agent (monitoring stopped) whose instances run when asked.
 */
final class VotingSite implements AutoCloseable {
    final AtomicBoolean failing = new AtomicBoolean();
    final TestSite site = new TestSite().page("/vote", ex -> TestSite.send(ex, 200,
            failing.get() ? "<p id=m>Voting is closed</p>" : "<p id=m>Thanks for voting!</p>"));
    Agent agent;
    Api api;

    String flow() {
        return """
                name: vote
                target: "%s"
                timeout: 20s
                cooldown: 1s
                steps:
                  - goto
                  - waitFor: { selector: "#m" }
                outcome:
                  success: ["Thanks for voting"]
                  failure: ["Voting is closed"]
                """.formatted(site.url("/vote"));
    }

    /** @param yaml lines under {@code cloudvoter:}, indented by two spaces */
    VotingSite start(Path dataDir, String yaml) {
        agent = LiveAgents.start(dataDir, yaml, Map.of("vote.yaml", flow()), Map.of());
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        return this;
    }

    /** Runs {@code instance} now and waits until that run has ended; returns its outcome. */
    String runOnce(String instance) {
        int before = api.get("/api/runs?instance=" + instance + "&limit=1000").json().path("runs").size();
        var answer = api.post("/api/instances/" + instance + "/run", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        var last = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var runs = api.get("/api/runs?instance=" + instance + "&limit=1000").json().path("runs");
            if (runs.size() <= before || runs.get(0).path("outcome").asText().equals("RUNNING")) {
                return false;
            }
            last[0] = runs.get(0).path("outcome").asText();
            // run-now is refused while the instance is still busy recording the run
            return !api.get("/api/instances/" + instance).json().path("state").asText().equals("RUNNING");
        });
        return last[0];
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        site.close();
    }
}
