package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.TestAgents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The REST API over a real socket; none of these tests needs the browser. */
class ApiTest {
    @TempDir
    static Path dir;
    static Agent agent;
    static Api api;

    @BeforeAll
    static void start() {
        agent = TestAgents.startQuiet(dir, Map.of(
                "good.yaml", """
                        name: good
                        target: "http://127.0.0.1:9/"
                        steps:
                          - goto
                        """,
                "broken.yaml", """
                        name: broken
                        target: "not a url"
                        steps: []
                        """));
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        // Ready (200) once the background probe has shown the browser opens a context.
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/health").status() == 200);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void everythingButHealthNeedsTheToken() {
        var anonymous = new Api(agent.baseUrl(), null);
        assertThat(anonymous.get("/api/health").status()).isEqualTo(200);
        for (var path : new String[]{"/api/status", "/api/instances", "/api/runs", "/api/runs.csv", "/api/flows", "/metrics"}) {
            var answer = anonymous.get(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.json().path("message").asText()).contains("Bearer");
        }
        assertThat(new Api(agent.baseUrl(), "wrong-token-wrong-token").get("/api/status").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/monitoring/start", null).status()).isEqualTo(401);
    }

    @Test
    void healthSaysWhatItCheckedWithoutSecrets() {
        var health = new Api(agent.baseUrl(), null).get("/api/health");
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.body()).doesNotContain(TestAgents.TOKEN).contains("store").contains("scheduler");
    }

    @Test
    void aBrokenFlowIsReportedWithFileFieldAndReasonWhileTheGoodOneLoads() {
        var flows = api.get("/api/flows").json();
        assertThat(flows.path("flows")).extracting(f -> f.path("name").asText()).containsExactly("good");
        var errors = flows.path("errors");
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).path("file").asText()).isEqualTo("broken.yaml");
        assertThat(errors.toString()).contains("target");
    }

    @Test
    void malformedBodiesGet400NamingTheFault() {
        var notJson = api.post("/api/instances", "{\"id\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("message").asText()).contains("not valid JSON");

        var typo = api.post("/api/instances", "{\"id\":\"x\",\"flow\":\"good\",\"cooldwn\":\"5m\"}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().path("message").asText()).contains("unknown field 'cooldwn'");

        var badDuration = api.post("/api/instances", "{\"id\":\"x\",\"flow\":\"good\",\"cooldown\":\"soon\"}");
        assertThat(badDuration.status()).isEqualTo(400);
        assertThat(badDuration.json().path("message").asText()).contains("cooldown").contains("soon");

        var empty = api.post("/api/instances", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("message").asText()).contains("empty");

        var unknownFlow = api.post("/api/instances", "{\"id\":\"x\",\"flow\":\"nope\"}");
        assertThat(unknownFlow.status()).isEqualTo(400);
        assertThat(unknownFlow.json().path("message").asText()).contains("'nope' is not loaded");

        assertThat(api.get("/api/runs?outcome=MAYBE").json().path("message").asText()).contains("outcome").contains("MAYBE");
        assertThat(api.get("/api/runs?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/runs?since=yesterday").status()).isEqualTo(400);
        assertThat(api.get("/api/runs/abc").status()).isEqualTo(400);
        assertThat(api.get("/api/nothing-here").status()).isEqualTo(404);
        assertThat(api.get("/api/health").status()).as("the agent is still up").isEqualTo(200);
    }

    @Test
    void instancesCanBeAddedListedAndRemoved() {
        var created = api.post("/api/instances", "{\"id\":\"api-1\",\"flow\":\"good\",\"cooldown\":\"45s\",\"enabled\":false}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("cooldown").asText()).isEqualTo("PT45S");
        assertThat(created.json().path("state").asText()).isEqualTo("DISABLED");
        assertThat(api.post("/api/instances", "{\"id\":\"api-1\",\"flow\":\"good\"}").status()).isEqualTo(409);
        assertThat(api.get("/api/instances").json().path("instances").toString()).contains("api-1");

        assertThat(api.post("/api/instances/api-1/enable", null).json().path("enabled").asBoolean()).isTrue();
        assertThat(api.delete("/api/instances/api-1").status()).isEqualTo(204);
        assertThat(api.get("/api/instances/api-1").status()).isEqualTo(404);
        assertThat(api.delete("/api/instances/api-1").status()).isEqualTo(404);
    }

    @Test
    void storageStateUploadsAndDownloadsPrivately() throws Exception {
        api.post("/api/instances", "{\"id\":\"state-1\",\"flow\":\"good\",\"enabled\":false}");
        assertThat(api.get("/api/instances/state-1/storage-state").status()).isEqualTo(404);

        var state = "{\"cookies\":[{\"name\":\"sid\",\"value\":\"secret-value\",\"domain\":\"127.0.0.1\",\"path\":\"/\","
                + "\"expires\":-1,\"httpOnly\":false,\"secure\":false,\"sameSite\":\"Lax\"}],\"origins\":[]}";
        assertThat(api.put("/api/instances/state-1/storage-state", state).status()).isEqualTo(204);
        var back = api.get("/api/instances/state-1/storage-state");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().path("cookies").get(0).path("value").asText()).isEqualTo("secret-value");
        var file = dir.resolve("state/state-1.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        var bad = api.put("/api/instances/state-1/storage-state", "{\"cookies\": 3}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).contains("cookies: must be an array");
        var notJson = api.put("/api/instances/state-1/storage-state", "{cookies");
        assertThat(notJson.json().path("message").asText()).contains("not valid JSON").doesNotContain("cookies");
        assertThat(api.put("/api/instances/missing/storage-state", state).status()).isEqualTo(404);
    }

    @Test
    void monitoringCanBeStoppedAndStarted() {
        assertThat(api.post("/api/monitoring/start", null).json().path("monitoring").asBoolean()).isTrue();
        assertThat(api.get("/api/status").json().path("monitoring").asBoolean()).isTrue();
        assertThat(api.post("/api/monitoring/stop", null).json().path("monitoring").asBoolean()).isFalse();
        assertThat(api.get("/api/status").json().path("monitoring").asBoolean()).isFalse();
    }

    @Test
    void csvExportHasAHeaderEvenWhenEmpty() {
        var csv = api.get("/api/runs.csv?instance=nobody");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body().lines().findFirst()).hasValue("id,instanceId,flow,outcome,startedAt,durationMs,message,extracted,artifact,attempt,retryOf,reason,values");
    }
}
