package io.cloudvoter.agent.demo;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.TestAgents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What `./cloudvoter demo` promises: the demo instances vote successfully, the history shows it, a stop leaves nothing behind. */
class DemoAgentTest {
    @TempDir
    Path dir;

    @Test
    void theDemoInstancesVoteAndTheRunsAreListed() {
        var agent = Agent.start(TestAgents.config(dir, Map.of("CLOUDVOTER_DEMO", "true")));
        try {
            var api = new Api(agent.baseUrl(), TestAgents.TOKEN);
            assertThat(api.get("/api/instances").json().path("instances")).extracting(i -> i.path("id").asText())
                    .containsExactly("demo-1", "demo-2", "demo-3");
            await().atMost(Duration.ofSeconds(90)).until(() -> api.get("/api/runs.csv").body().lines()
                    .filter(l -> l.contains(",SUCCESS,")).count() >= 3);
            var csv = api.get("/api/runs.csv").body();
            assertThat(csv).contains("demo-1,demo-vote,SUCCESS").contains("demo-2,demo-vote,SUCCESS").contains("demo-3,demo-vote,SUCCESS");
            var status = api.get("/api/instances/demo-1").json();
            assertThat(status.path("lastExtracted").asDouble()).isGreaterThan(17);
            assertThat(status.path("hasStorageState").asBoolean()).as("the voter cookie is kept").isTrue();
        } finally {
            agent.close();
        }
        assertThat(agent.browser().processes().all()).isEmpty();
    }

    @Test
    void theDemoTargetRateLimitsAVoterAfterFiveVotesAMinute() throws Exception {
        var agent = Agent.start(TestAgents.config(dir, Map.of("CLOUDVOTER_DEMO", "true")));
        try {
            agent.scheduler().setMonitoring(false);
            var http = HttpClient.newHttpClient();
            var page = http.send(HttpRequest.newBuilder(URI.create(agent.baseUrl() + "/demo/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("id=\"vote\"").contains("Votes so far");
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            var vote = HttpRequest.newBuilder(URI.create(agent.baseUrl() + "/demo/vote")).header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            for (int i = 0; i < 5; i++) {
                var ok = http.send(vote, HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.body()).contains("Thanks for voting!");
            }
            var limited = http.send(vote, HttpResponse.BodyHandlers.ofString());
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).containsPattern("Too many votes\\. Try again in \\d+ seconds\\.").contains("id=\"count\"");
        } finally {
            agent.close();
        }
    }
}
