package io.cloudvoter.agent;

import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.RotatedToken;
import io.cloudvoter.model.events.CloseCodes;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Throttling of failed tokens, token rotation by API and by command, on an agent with a generated token. */
class FrontDoorTest {
    static final String AUTH = """
              auth:
                max-failures: 3
                lockout: 10m
            """;
    @TempDir
    static Path dir;
    static Agent agent;

    @BeforeAll
    static void start() {
        agent = startAgent();
    }

    static Agent startAgent() {
        return LiveAgents.startWebOnly(dir, AUTH, Map.of(), Map.of("CLOUDVOTER_TOKEN", ""));
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    static String token() {
        try {
            return Files.readString(dir.resolve("token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(HttpClient client, String path, String token) {
        return get(agent, client, path, token);
    }

    static HttpResponse<String> get(Agent to, HttpClient client, String path, String token) {
        return send(client, HttpRequest.newBuilder(URI.create(to.baseUrl() + path)).header("Authorization", "Bearer " + token).GET());
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Its own agent: the lockout (10 m) covers all of loopback, where the other tests connect from. */
    @Test
    void aNetworkThatKeepsFailingIsAnswered429EvenWithTheRightTokenFromAnyOfItsAddresses(@TempDir Path own) throws IOException {
        try (var guarded = LiveAgents.startWebOnly(own, AUTH, Map.of(), Map.of())) {
            String right = io.cloudvoter.agent.testing.TestAgents.TOKEN;
            var elsewhere = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.7")).build();
            var local = HttpClient.newHttpClient();
            for (int i = 0; i < 2; i++) {
                assertThat(get(guarded, elsewhere, "/api/status", "guess-" + i + "-guess-guess").statusCode()).isEqualTo(401);
            }
            var anonymous = send(elsewhere, HttpRequest.newBuilder(URI.create(guarded.baseUrl() + "/api/status")).GET());
            assertThat(anonymous.statusCode()).as("no token is not a guess: 401, not counted").isEqualTo(401);
            assertThat(get(guarded, elsewhere, "/api/status", right).statusCode()).as("two guesses: not locked out yet").isEqualTo(200);
            assertThat(get(guarded, local, "/api/status", "guess-3-guess-guess").statusCode()).as("127.0.0.1: the same network").isEqualTo(401);
            var refused = get(guarded, elsewhere, "/api/status", right);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(refused.body()).contains("127.0.0.7").contains("try again in");
            assertThatThrownBy(() -> WsTestClient.to(guarded.baseUrl()).token(right).from(InetAddress.getByName("127.0.0.7")).open())
                    .isInstanceOfSatisfying(WsTestClient.Refused.class, e -> assertThat(e.status()).isEqualTo(429));
            assertThat(get(guarded, local, "/api/status", right).statusCode()).as("127.0.0.1 is loopback too").isEqualTo(429);
            assertThat(guarded.metrics().scrape()).contains("cloudvoter_auth_lockouts_total 1");
        }
    }

    @Test
    void rotatingThroughTheApiAnswersTheNewTokenOnceAndClosesStreams() throws IOException {
        var local = HttpClient.newHttpClient();
        String old = token();
        try (var client = WsTestClient.to(agent.baseUrl()).token(old).open()) {
            client.next(Snapshot.class);
            var answer = send(local, HttpRequest.newBuilder(URI.create(agent.baseUrl() + "/api/token/rotate"))
                    .header("Authorization", "Bearer " + old).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
            String fresh = Json.mapper().readValue(answer.body(), RotatedToken.class).token();
            assertThat(fresh).isNotEqualTo(old).hasSizeGreaterThanOrEqualTo(32);

            var ended = client.awaitEnd(Duration.ofSeconds(20));
            assertThat(ended.code()).isEqualTo(CloseCodes.TOKEN_ROTATED);
            assertThat(get(local, "/api/status", old).statusCode()).isEqualTo(401);
            assertThat(get(local, "/api/status", fresh).statusCode()).isEqualTo(200);
            assertThat(token()).isEqualTo(fresh);
        }
    }

    @Test
    void theTokenCommandRotatesThroughTheRunningAgentOrRewritesTheFileWhenItIsStopped() throws IOException {
        var local = HttpClient.newHttpClient();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertThat(TokenCommand.rotate(dir, Map.of(), print(out), print(err))).as(err.toString()).isZero();
        String viaApi = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("rotated by the running agent");
        assertThat(get(local, "/api/status", viaApi).statusCode()).isEqualTo(200);
        assertThat(token()).isEqualTo(viaApi);

        assertThat(TokenCommand.rotate(dir, Map.of("CLOUDVOTER_TOKEN", "fixed-token-fixed-token"), print(out), print(err)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CLOUDVOTER_TOKEN");

        agent.close();
        assertThat(dir.resolve("agent.url")).doesNotExist();
        out.reset();
        err.reset();
        assertThat(TokenCommand.rotate(dir, Map.of(), print(out), print(err))).as(err.toString()).isZero();
        String offline = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not running");
        assertThat(offline).isNotEqualTo(viaApi);
        assertThat(token()).isEqualTo(offline);

        agent = startAgent();
        assertThat(get(local, "/api/status", offline).statusCode()).isEqualTo(200);
        assertThat(get(local, "/api/status", viaApi).statusCode()).isEqualTo(401);
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
