package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.RawHttp;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connections that send nothing, or a request too slowly, are closed; past the connection limit a new
 * connection waits until one closes. Limits are small here so that the waits are short.
 */
class HttpTimeoutsTest {
    @TempDir
    static Path dir;
    static Agent agent;

    @BeforeAll
    static void start() {
        agent = LiveAgents.startWebOnly(dir, """
                  http:
                    idle-timeout: 2s
                    header-timeout: 1s
                    body-timeout: 1s
                    max-connections: 8
                  stream:
                    heartbeat: 1s
                """, Map.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() {
        try (var silent = RawHttp.open(agent.baseUrl())) {
            assertThat(silent.closedWithin(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void aHalfSentRequestLineIsClosed() {
        try (var half = RawHttp.open(agent.baseUrl())) {
            half.send("GET /api/sta");
            assertThat(half.closedWithin(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void headersThatDribbleInAreCutAtTheHeaderTimeout() {
        try (var slow = RawHttp.open(agent.baseUrl())) {
            slow.send("GET /api/status HTTP/1.1\r\nHost: x\r\n");
            boolean closed = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // One header line every 300 ms keeps the connection from being idle, never completes the request.
            while (!closed && System.nanoTime() < deadline) {
                try {
                    slow.send("X-Slow: " + System.nanoTime() + "\r\n");
                } catch (RuntimeException e) {
                    closed = true; // the agent reset the connection
                    break;
                }
                closed = slow.closedWithin(Duration.ofMillis(300));
            }
            assertThat(closed).as("closed while its headers were still coming").isTrue();
        }
    }

    @Test
    void aBodyThatNeverArrivesWhole_AChunkPromisingMoreThanComes_IsAnswered408AndClosed() throws Exception {
        try (var http = RawHttp.open(agent.baseUrl())) {
            // "3" then six bytes: after "abc" and two skipped, "f" reads as a chunk of 15 bytes that never come.
            http.send("POST /api/instances HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestAgents.TOKEN + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n");
            var answer = http.read();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(io.cloudvoter.model.Json.mapper().readTree(answer.body()).path("message").asText()).contains("body");
            assertThat(http.closedWithin(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void pastTheConnectionLimitANewConnectionWaitsUntilOneCloses() throws Exception {
        var streams = new ArrayList<WsTestClient>();
        try {
            // WebSocket clients answer the agent's pings, so they are never idle and hold their connections.
            for (int i = 0; i < 8; i++) {
                var client = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open();
                client.next(Snapshot.class);
                streams.add(client);
            }
            var ninth = CompletableFuture.supplyAsync(() -> RawHttp.exchange(agent.baseUrl(),
                    "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThatThrownBy(() -> ninth.get(1500, TimeUnit.MILLISECONDS)).as("no answer while 8 connections are open")
                    .isInstanceOf(TimeoutException.class);
            streams.removeFirst().close();
            assertThat(ninth.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            streams.forEach(WsTestClient::close);
        }
    }
}
