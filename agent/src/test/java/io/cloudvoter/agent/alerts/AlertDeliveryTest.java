package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.WebhookChannel;
import io.cloudvoter.agent.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts from a real agent (real Chromium, a real SQLite file) to a local webhook receiver on a
 * free port: opened, signed, retried, resolved, muted, and never held up by a slow channel.
 */
class AlertDeliveryTest {
    static final String SECRET = "hmac-key-for-tests-0123";
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    final VotingSite voting = new VotingSite();
    final WebhookReceiver hook = new WebhookReceiver();

    @AfterEach
    void stop() {
        voting.close();
        hook.close();
    }

    static String alerts(int failures, String channels) {
        return """
                  instances:
                    - { id: voter, flow: vote }
                    - { id: other, flow: vote }
                  alerts:
                    evaluate-every: 100ms
                    failures-in-a-row: %d
                    delivery: { retry-initial: 50ms, retry-max: 200ms }
                    channels:
                %s""".formatted(failures, channels);
    }

    String hookChannel() {
        return "      - { name: hook, type: webhook, url: \"" + hook.url("/hook") + "\", secret: \"" + SECRET + "\" }\n";
    }

    @Test
    void threeFailuresInARowOpenOneSignedAlertAndASuccessResolvesIt() {
        voting.start(dir.resolve("data"), alerts(3, hookChannel()));
        voting.failing.set(true);
        for (int i = 0; i < 3; i++) {
            assertThat(voting.runOnce("voter")).isEqualTo("FAILED");
        }
        await().atMost(WAIT).until(() -> hook.accepted().size() == 1);
        var open = hook.accepted().getFirst();
        assertThat(open.path()).isEqualTo("/hook");
        assertSigned(open);
        var body = open.json();
        assertThat(body.path("event").asText()).isEqualTo("open");
        assertThat(body.path("state").asText()).isEqualTo("open");
        assertThat(body.path("key").asText()).isEqualTo("failures-in-a-row:instance:voter");
        assertThat(body.path("severity").asText()).isEqualTo("warning");
        assertThat(body.path("instance").asText()).isEqualTo("voter");
        assertThat(body.path("flow").asText()).isEqualTo("vote");
        assertThat(body.path("agent").asText()).isNotBlank();
        assertThat(body.path("message").asText()).startsWith("voter failed 3 times in a row; last: run ").contains("Voting is closed");
        assertThat(Instant.parse(body.path("time").asText())).isNotNull();
        assertThat(open.header(WebhookChannel.DELIVERY_HEADER)).isEqualTo(body.path("delivery").asText()).isNotBlank();
        assertThat(open.header(WebhookChannel.EVENT_HEADER)).isEqualTo("open");

        voting.failing.set(false);
        assertThat(voting.runOnce("voter")).isEqualTo("SUCCESS");
        await().atMost(WAIT).until(() -> hook.accepted().size() == 2);
        var resolved = hook.accepted().get(1);
        assertSigned(resolved);
        assertThat(resolved.json().path("event").asText()).isEqualTo("resolved");
        assertThat(resolved.json().path("state").asText()).isEqualTo("resolved");
        assertThat(resolved.json().path("key").asText()).isEqualTo("failures-in-a-row:instance:voter");
        assertThat(resolved.json().path("message").asText()).contains("succeeded after 3 failures");
        assertThat(resolved.header(WebhookChannel.DELIVERY_HEADER)).isNotEqualTo(open.header(WebhookChannel.DELIVERY_HEADER));

        var all = voting.api.get("/api/alerts?state=all").json().path("alerts");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("state").asText()).isEqualTo("RESOLVED");
        assertThat(all.get(0).path("notifications").asInt()).isEqualTo(2);
        assertThat(voting.api.get("/api/alerts").json().path("alerts")).isEmpty();
        assertThat(hook.received()).hasSize(2);
    }

    @Test
    void aReceiverAnswering500TwiceThen200AcceptsOneDeliveryWithTheSameKeyOnEveryTry() {
        hook.answer(500, 500);
        voting.start(dir.resolve("data"), alerts(1, hookChannel()));
        voting.failing.set(true);
        voting.runOnce("voter");
        await().atMost(WAIT).until(() -> hook.received().size() >= 3);
        var tries = hook.received();
        assertThat(tries).hasSize(3);
        assertThat(tries).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 200);
        assertThat(hook.accepted()).hasSize(1);
        String key = tries.getFirst().header(WebhookChannel.DELIVERY_HEADER);
        assertThat(tries).allSatisfy(t -> {
            assertThat(t.header(WebhookChannel.DELIVERY_HEADER)).isEqualTo(key);
            assertThat(t.body()).isEqualTo(tries.getFirst().body());
            assertSigned(t);
        });
        var delivery = voting.api.get("/api/alerts/deliveries?channel=hook").json().path("deliveries").get(0);
        assertThat(delivery.path("delivery").asText()).isEqualTo(key);
        assertThat(delivery.path("state").asText()).isEqualTo("DELIVERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("lastError").asText()).isEqualTo("HTTP 500: receiver says no");
        assertThat(voting.api.get("/metrics").body())
                .contains("cloudvoter_alert_delivery_failures_total{channel=\"hook\"} 2")
                .contains("cloudvoter_alert_notifications_total{channel=\"hook\",result=\"delivered\"} 1")
                .contains("cloudvoter_alerts_open{severity=\"warning\"} 1")
                .contains("cloudvoter_alerts_total{state=\"open\"} 1");
    }

    @Test
    void aReceiverThatNeverAnswersDelaysNeitherRunsNorTheOtherChannel() throws Exception {
        try (var slow = new WebhookReceiver().hang()) {
            voting.start(dir.resolve("data"), alerts(1, hookChannel()
                    + "      - { name: slow, type: webhook, url: \"" + slow.url("/slow") + "\", timeout: 2m }\n"));
            voting.failing.set(true);
            voting.runOnce("voter");
            assertThat(slow.awaitHeld(60)).as("the slow receiver holds the open notification").isTrue();
            await().atMost(WAIT).until(() -> hook.accepted().size() == 1);

            // While the slow channel still waits for its answer, runs go on and the other channel is served.
            for (int i = 0; i < 3; i++) {
                assertThat(voting.runOnce("voter")).isEqualTo("FAILED");
            }
            voting.failing.set(false);
            assertThat(voting.runOnce("voter")).isEqualTo("SUCCESS");
            await().atMost(WAIT).until(() -> hook.accepted().size() == 2);
            assertThat(hook.accepted().get(1).json().path("event").asText()).isEqualTo("resolved");

            assertThat(slow.received()).hasSize(1);
            var pending = voting.api.get("/api/alerts/deliveries?channel=slow").json().path("deliveries");
            assertThat(StreamSupport.stream(pending.spliterator(), false).map(d -> d.path("state").asText()))
                    .containsOnly("PENDING");
        }
    }

    @Test
    void aMuteRecordsTheAlertAndItsNotificationsWithoutSendingThem() {
        voting.start(dir.resolve("data"), alerts(1, hookChannel()));
        var until = Instant.now().plus(Duration.ofHours(1));
        var mute = voting.api.post("/api/alerts/mute", "{\"until\":\"" + until + "\",\"scope\":\"instance:voter\"}");
        assertThat(mute.status()).as(mute.body()).isEqualTo(201);
        assertThat(voting.api.get("/api/alerts/mutes").json().path("mutes").get(0).path("scope").asText()).isEqualTo("instance:voter");

        voting.failing.set(true);
        voting.runOnce("voter");
        await().atMost(WAIT).until(() -> voting.api.get("/api/alerts/deliveries?state=muted").json().path("deliveries").size() == 1);
        var alert = voting.api.get("/api/alerts").json().path("alerts").get(0);
        assertThat(alert.path("key").asText()).isEqualTo("failures-in-a-row:instance:voter");
        assertThat(alert.path("muted").asText()).startsWith("muted until ").contains("scope instance:voter");
        assertThat(alert.path("notifications").asInt()).isZero();

        // Another instance is not covered: its alert goes out, and it is the only one that does.
        voting.runOnce("other");
        await().atMost(WAIT).until(() -> hook.accepted().size() == 1);
        assertThat(hook.accepted().getFirst().json().path("instance").asText()).isEqualTo("other");

        // Lifted: the still-open alert the operator never heard of goes out.
        long id = mute.json().path("id").asLong();
        assertThat(voting.api.delete("/api/alerts/mutes/" + id).status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> hook.accepted().size() == 2);
        var late = hook.accepted().get(1).json();
        assertThat(late.path("instance").asText()).isEqualTo("voter");
        assertThat(late.path("event").asText()).isEqualTo("open");
        assertThat(hook.received()).hasSize(2);
    }

    static void assertSigned(WebhookReceiver.Received r) {
        String expected = "sha256=" + WebhookChannel.sign(SECRET.getBytes(StandardCharsets.UTF_8), r.body().getBytes(StandardCharsets.UTF_8));
        assertThat(r.header(WebhookChannel.SIGNATURE_HEADER)).isEqualTo(expected);
    }
}
