package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/alerts} over a real socket: the answers, and the refusals that name the input and the reason. */
class AlertsApiTest {
    @TempDir
    static Path dir;
    static WebhookReceiver hook;
    static Agent agent;
    static Api api;

    @BeforeAll
    static void start() {
        hook = new WebhookReceiver();
        agent = LiveAgents.startWebOnly(dir.resolve("data"), """
                  alerts:
                    channels:
                      - { name: ops, type: webhook, url: "%s", severities: [critical] }
                """.formatted(hook.url("/ops")), Map.of(), Map.of());
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
    }

    @AfterAll
    static void stop() {
        agent.close();
        hook.close();
    }

    @Test
    void everyAlertEndpointNeedsTheToken() {
        var anonymous = new Api(agent.baseUrl(), null);
        for (var path : new String[]{"/api/alerts", "/api/alerts/deliveries", "/api/alerts/channels", "/api/alerts/mutes"}) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.post("/api/alerts/test?channel=ops", null).status()).isEqualTo(401);
    }

    @Test
    void theTestButtonSendsThroughTheOutboxAndAnswersWithTheDelivery() {
        var answer = api.post("/api/alerts/test?channel=ops", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("state").asText()).isEqualTo("DELIVERED");
        assertThat(answer.json().path("kind").asText()).isEqualTo("TEST");
        var got = hook.accepted().getLast();
        assertThat(got.json().path("event").asText()).isEqualTo("test");
        assertThat(got.json().path("delivery").asText()).isEqualTo(answer.json().path("delivery").asText());
        var channel = api.get("/api/alerts/channels").json().path("channels").get(0);
        assertThat(channel.path("name").asText()).isEqualTo("ops");
        assertThat(channel.path("target").asText()).isEqualTo("http://127.0.0.1:" + hook.port() + "/…");
        assertThat(channel.path("severities").toString()).isEqualTo("[\"CRITICAL\"]");
        assertThat(channel.path("delivered").asLong()).isPositive();
    }

    @Test
    void muteAndUnmute() {
        var until = Instant.now().plusSeconds(3600);
        var m = api.post("/api/alerts/mute", "{\"until\":\"" + until + "\",\"scope\":\"flow:demo-vote\"}");
        assertThat(m.status()).isEqualTo(201);
        assertThat(m.json().path("source").asText()).isEqualTo("api");
        long id = m.json().path("id").asLong();
        assertThat(api.get("/api/alerts/mutes").json().path("mutes").toString()).contains("flow:demo-vote");
        assertThat(api.delete("/api/alerts/mutes/" + id).status()).isEqualTo(204);
        assertThat(api.delete("/api/alerts/mutes/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/alerts/mutes").json().path("mutes")).isEmpty();
    }

    @Test
    void badRequestsAreRefusedWithTheFieldAndTheReason() {
        assertRefused(api.get("/api/alerts?state=closed"), 400, "state: 'closed' is not open or all");
        assertRefused(api.get("/api/alerts?limit=0"), 400, "limit: '0' is not a whole number from 1 to 1000");
        assertRefused(api.get("/api/alerts/deliveries?state=lost"), 400, "state: 'lost' is not one of pending, delivered, expired, muted");
        assertRefused(api.post("/api/alerts/mute", "{\"until\":\"2020-01-01T00:00:00Z\",\"scope\":\"agent\"}"), 400,
                "until: 2020-01-01T00:00:00Z is not in the future");
        assertRefused(api.post("/api/alerts/mute", "{\"until\":\"" + Instant.now().plusSeconds(60) + "\",\"scope\":\"host:x\"}"), 400,
                "scope: 'host:x' is not a scope (write agent, instance:ID or flow:NAME)");
        assertRefused(api.post("/api/alerts/mute", "{\"scope\":\"agent\"}"), 400, "until: missing");
        assertRefused(api.post("/api/alerts/mute", "{\"until\":\"soon\"}"), 400, "request body: until:");
        assertRefused(api.post("/api/alerts/mute", "{\"for\":\"1h\"}"), 400, "request body: unknown field 'for' (known: until, scope)");
        assertRefused(api.delete("/api/alerts/mutes/abc"), 400, "mute id: 'abc' is not a number");
        assertRefused(api.post("/api/alerts/test", null), 400, "channel: missing");
        assertRefused(api.post("/api/alerts/test?channel=pager", null), 404, "no alert channel 'pager' (configured: ops)");
    }

    @Test
    void theAlertFamiliesAreOnTheMetrics() {
        assertThat(api.get("/metrics").body())
                .contains("# TYPE cloudvoter_alerts_open gauge")
                .contains("cloudvoter_alerts_open{severity=\"critical\"} 0")
                .contains("# TYPE cloudvoter_alerts_total counter")
                .contains("cloudvoter_alert_delivery_failures_total{channel=\"ops\"} 0")
                .contains("cloudvoter_alert_outbox_pending{channel=\"ops\"} 0");
    }

    static void assertRefused(Api.Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("message").asText()).startsWith(message);
    }
}
