package io.cloudvoter.agent.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.RawHttp;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.model.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client gets for requests the API does not know or will not take: always a JSON body naming
 * the fault with a 4xx, never a 500 or a stack trace in the log, never a body read that was refused.
 */
class WebErrorsTest {
    static final String AUTH = "Authorization: Bearer " + TestAgents.TOKEN + "\r\n";
    @TempDir
    static Path dir;
    static Agent agent;
    static String base;
    static final List<LogRecord> severe = new CopyOnWriteArrayList<>();
    static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        agent = LiveAgents.startWebOnly(dir, "", Map.of(), Map.of("CLOUDVOTER_DEMO", "true"));
        base = agent.baseUrl();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(capture);
        agent.close();
    }

    @AfterEach
    void nothingWasLoggedAsAFailure() {
        assertThat(severe).extracting(LogRecord::getMessage).isEmpty();
    }

    static RawHttp.Answer request(String method, String path, String headers) {
        return RawHttp.exchange(base, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
    }

    static JsonNode errorBody(RawHttp.Answer a, int status) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.header("content-type")).startsWith("application/json");
        JsonNode json;
        try {
            json = Json.mapper().readTree(a.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + a.body(), e);
        }
        assertThat(json.path("status").asInt()).isEqualTo(status);
        assertThat(json.path("message").asText()).isNotBlank();
        return json;
    }

    @Test
    void unknownRoutesAndMethodsAreJson404And405WithTheAllowedMethods() {
        assertThat(errorBody(request("GET", "/", AUTH), 404).path("message").asText()).contains("no such endpoint: GET /");
        errorBody(request("GET", "/ws/", AUTH), 404);
        errorBody(request("GET", "/WS", AUTH), 404);
        errorBody(request("GET", "/api/nothing-here", AUTH), 404);

        var put = request("PUT", "/metrics", AUTH);
        assertThat(errorBody(put, 405).path("message").asText()).contains("PUT /metrics").contains("GET");
        assertThat(put.header("allow")).isEqualTo("GET, HEAD");
        var delete = request("DELETE", "/api/runs", AUTH);
        errorBody(delete, 405);
        var post = request("POST", "/api/instances/demo-1/storage-state", AUTH + "Content-Length: 0\r\n");
        errorBody(post, 405);
        assertThat(post.header("allow")).isEqualTo("GET, HEAD, PUT, DELETE");
        errorBody(request("PATCH", "/api/status", AUTH), 405);
    }

    @Test
    void theStreamWithoutAnUpgradeSaysWhatItNeeds() {
        var a = request("GET", "/ws", AUTH);
        assertThat(errorBody(a, 426).path("message").asText()).contains("WebSocket");
        assertThat(a.header("upgrade")).isEqualTo("websocket");
    }

    @Test
    void aPathWithEncodedSlashesOrDotSegmentsIsRefusedBeforeTheTokenCheck() {
        // Without the token, in demo mode: the path starts with /demo, which needs none.
        assertThat(errorBody(request("GET", "/demo/..%2f..%2fapi/status", ""), 400).path("message").asText()).contains("path");
        // Helidon resolves plain dot segments itself: the token check then sees /api/status.
        assertThat(request("GET", "/demo/../api/status", "").status()).isIn(400, 401);
        assertThat(request("GET", "/demo/%2e%2e/api/status", "").status()).isIn(400, 401);
        assertThat(request("GET", "/demo/", "").status()).isEqualTo(200);
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        var head = request("HEAD", "/api/status", AUTH);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("content-type")).startsWith("application/json");
        var missing = request("HEAD", "/api/nothing-here", AUTH);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEmpty();
        assertThat(request("HEAD", "/api/status", "").status()).isEqualTo(401);
    }

    @Test
    void everyAnswerSaysNosniffAndNoStore() {
        for (var path : List.of("/api/status", "/api/runs", "/api/runs.csv", "/api/flows", "/api/instances", "/api/health",
                "/metrics", "/api/nothing-here", "/demo/")) {
            var a = request("GET", path, AUTH);
            assertThat(a.header("x-content-type-options")).as(path).isEqualTo("nosniff");
            assertThat(a.header("cache-control")).as(path).isEqualTo("no-store");
        }
    }

    @Test
    void aCharsetOtherThanUtf8IsRefusedWith415() {
        var body = "{\"id\":\"x-1\",\"flow\":\"demo-vote\"}";
        var a = RawHttp.exchange(base, "POST /api/instances HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Type: application/json; charset=bogus\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(errorBody(a, 415).path("message").asText()).contains("charset 'bogus'");
        var text = RawHttp.exchange(base, "POST /api/instances HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        errorBody(text, 415);
    }

    @Test
    void aSinceTheStoreCannotCompareIs400ForTheRunsAndTheirCsv() {
        errorBody(request("GET", "/api/runs?since=%2B292278995-01-01T00:00:00Z", AUTH), 400);
        var csv = request("GET", "/api/runs.csv?since=-1000000000-01-01T00:00:00Z", AUTH);
        assertThat(errorBody(csv, 400).path("message").asText()).contains("since");
        errorBody(request("GET", "/api/runs?since=99999999999999999999999", AUTH), 400);
        errorBody(request("GET", "/api/runs?since=100000000000d", AUTH), 400);
        assertThat(request("GET", "/api/runs?since=24h", AUTH).status()).isEqualTo(200);
    }

    @Test
    void anAgentStartedWithoutTheBrowserProbeSaysItIsNotReadyAndWhy() {
        // Agent.startWithoutBrowserProbe's promise to the web-layer tests that use it: nothing proved the browser.
        var health = request("GET", "/api/health", "");
        assertThat(health.status()).as(health.toString()).isEqualTo(503);
        assertThat(health.body()).contains("first browser probe still in progress");
        assertThat(agent.browser().status().state()).as("nothing started a browser (a probe would have, at once)").isEqualTo("STOPPED");
    }

    @Test
    void aMethodWithANulIsA400() {
        var a = RawHttp.exchange(base, "G\0ET /api/status HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
        errorBody(a, 400);
    }

    @Test
    void aBrokenChunkIsAnswered400AtOnceAndTheConnectionClosed() {
        try (var http = RawHttp.open(base)) {
            http.send("POST /api/instances HTTP/1.1\r\nHost: x\r\n" + AUTH
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
            var a = http.read();
            assertThat(errorBody(a, 400).path("message").asText()).contains("request body");
            assertThat(http.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aRefusedRequestsBodyIsNeverRead() {
        try (var http = RawHttp.open(base)) {
            // 4 MB announced (under the server's limit), 10 bytes sent, no token: the 401 must not wait for the rest.
            http.send("PUT /api/instances/demo-1/storage-state HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4000000\r\n\r\n{\"cookies\"");
            errorBody(http.read(), 401);
            assertThat(http.closedWithin(Duration.ofSeconds(10))).as("closed instead of draining 100 MB").isTrue();
        }
    }

    @Test
    void bodiesOverTheirEndpointsLimitAre413BeforeTheyAreSent() {
        try (var http = RawHttp.open(base)) {
            http.send("POST /api/instances HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
                    + "Content-Length: 1000000\r\n\r\n{");
            assertThat(errorBody(http.read(), 413).path("message").asText()).contains("limit");
            assertThat(http.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
        try (var http = RawHttp.open(base)) {
            http.send("PUT /api/instances/demo-1/storage-state HTTP/1.1\r\nHost: x\r\n" + AUTH
                    + "Content-Type: application/json\r\nContent-Length: 6000000\r\n\r\n{");
            errorBody(http.read(), 413);
        }
    }

    @Test
    void instanceBodiesAreReadStrictly() {
        int before = agent.scheduler().statuses().size();
        for (var body : List.of(
                "{\"id\":\"strict-1\",\"flow\":\"demo-vote\"} trailing",
                "{\"id\":\"strict-1\",\"flow\":\"demo-vote\"}{}",
                "{\"id\":123,\"flow\":\"demo-vote\"}",
                "{\"id\":\"strict-1\",\"flow\":\"demo-vote\",\"enabled\":2}",
                "{\"id\":\"strict-1\",\"flow\":\"demo-vote\",\"enabled\":\"true\"}",
                "{\"id\":\"strict-1\",\"id\":\"strict-2\",\"flow\":\"demo-vote\"}",
                "{\"id\":\"strict-1\",\"flow\":[\"demo-vote\"]}")) {
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            var a = RawHttp.exchange(base, "POST /api/instances HTTP/1.1\r\nHost: x\r\n" + AUTH
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body);
            assertThat(errorBody(a, 400).path("message").asText()).as(body).startsWith("request body:");
        }
        assertThat(agent.scheduler().statuses()).hasSize(before);
    }
}
