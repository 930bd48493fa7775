package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.testing.WebhookReceiver;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.events.AgentEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channel secrets (a webhook secret, a token in a webhook URL, a Slack URL, an ntfy token, an SMTP
 * password) while every channel fails, and fails in words that could carry them: none of them in a
 * log line, an API answer, {@code /metrics} or an event on {@code /ws}.
 */
class AlertSecretsTest {
    static final String HOOK_PATH_TOKEN = "tok-PATHSECRET-4f1e2d";
    static final String HMAC = "hmac-SECRET-77aa99";
    static final String SLACK_PATH = "/services/T0001/B0002/SLACKSECRET5566";
    static final String NTFY_TOKEN = "tk_NTFYSECRET0011";
    static final String NTFY_TOPIC = "topic-TOPICSECRET-8";
    static final String SMTP_PASSWORD = "smtp-PASSWORD-3344";
    static final List<String> SECRETS = List.of(HOOK_PATH_TOKEN, HMAC, "SLACKSECRET5566", NTFY_TOKEN, "TOPICSECRET", SMTP_PASSWORD);

    @TempDir
    Path dir;
    final VotingSite voting = new VotingSite();
    // A receiver that quotes the URL it was called on back in its error: the agent must not repeat it.
    final WebhookReceiver hook = new WebhookReceiver().failing(true).errorBody("unknown hook /hook/" + HOOK_PATH_TOKEN);
    final List<String> logs = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logs.add(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
        voting.close();
        hook.close();
    }

    @Test
    void noChannelSecretReachesALogLineTheApiTheMetricsOrTheStream() throws Exception {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        voting.start(dir.resolve("data"), """
                  instances:
                    - { id: voter, flow: vote }
                  alerts:
                    evaluate-every: 100ms
                    failures-in-a-row: 1
                    delivery: { retry-initial: 50ms, retry-max: 300ms }
                    channels:
                      - { name: hook, type: webhook, url: "%s", secret: "%s" }
                      - { name: chat, type: slack, url: "http://127.0.0.1:%d%s" }
                      - { name: phone, type: ntfy, url: "http://127.0.0.1:%d/%s", token: "%s" }
                      - { name: mail, type: email, host: 127.0.0.1, port: %d, security: none, username: bot,
                          password: "%s", from: "bot@example.org", to: ["ops@example.org"], timeout: 2s }
                """.formatted(hook.url("/hook/" + HOOK_PATH_TOKEN), HMAC, closed, SLACK_PATH, closed, NTFY_TOPIC, NTFY_TOKEN,
                closed, SMTP_PASSWORD));
        var events = new ArrayList<AgentEvent>();
        try (var ws = WsTestClient.to(voting.agent.baseUrl()).token(TestAgents.TOKEN).open()) {
            voting.failing.set(true);
            voting.runOnce("voter");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var d = voting.api.get("/api/alerts/deliveries").json().path("deliveries");
                return d.size() == 4 && StreamSupport.stream(d.spliterator(), false)
                        .allMatch(x -> x.path("attempts").asInt() >= 2 && !x.path("lastError").asText().isEmpty());
            });
            var test = voting.api.post("/api/alerts/test?channel=hook", null);
            assertThat(test.status()).isEqualTo(202);
            assertThat(test.json().path("lastError").asText()).contains("HTTP 500").contains("[redacted]");

            var answers = new ArrayList<String>();
            for (var path : List.of("/api/alerts?state=all", "/api/alerts/deliveries", "/api/alerts/channels", "/api/alerts/mutes",
                    "/api/status", "/metrics")) {
                answers.add(voting.api.get(path).body());
            }
            answers.add(test.body());
            // What the stream sent while the alert was open and its deliveries retried, and a moment more.
            long drainUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            for (int i = 0; i < 200 && System.nanoTime() < drainUntil; i++) {
                try {
                    events.add(ws.next(Duration.ofMillis(200)));
                } catch (AssertionError drained) {
                    break;
                }
            }
            var stream = new ArrayList<String>();
            for (var e : events) {
                stream.add(Json.mapper().writeValueAsString(e));
            }
            assertThat(String.join("\n", answers)).contains("\"name\":\"hook\"").contains("HTTP 500");
            assertThat(String.join("\n", stream)).contains("\"type\":\"alert\"");
            assertThat(String.join("\n", logs)).contains("to hook failed").contains("to mail failed").contains("to chat failed");
            for (var secret : SECRETS) {
                assertThat(answers).as("API answers").noneMatch(a -> a.contains(secret));
                assertThat(stream).as("/ws events").noneMatch(a -> a.contains(secret));
                assertThat(logs).as("log lines").noneMatch(a -> a.contains(secret));
            }
        }
    }
}
