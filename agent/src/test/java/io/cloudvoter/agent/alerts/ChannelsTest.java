package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.ChatChannel;
import io.cloudvoter.agent.alerts.channels.DeliveryFailure;
import io.cloudvoter.agent.alerts.channels.EmailChannel;
import io.cloudvoter.agent.alerts.channels.Notification;
import io.cloudvoter.agent.alerts.channels.NtfyChannel;
import io.cloudvoter.agent.alerts.channels.WebhookChannel;
import io.cloudvoter.agent.testing.SmtpReceiver;
import io.cloudvoter.agent.testing.WebhookReceiver;
import io.cloudvoter.model.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each channel against a local receiver of its kind: what it sends, and how it fails. */
class ChannelsTest {
    static final Instant T = Instant.parse("2026-06-01T03:00:00Z");
    static final Notification OPEN = new Notification("5b1f0c9e-1111-2222-3333-444455556666", "open", 7,
            "browser-down", "browser-down", "open", "critical", "droplet-1", "host-1", "http://127.0.0.1:8077",
            null, null, "the browser has failed to start since 02:58 — Chromium exited", T, null, T);

    final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        receiver.close();
    }

    static String payload(Notification n) throws Exception {
        return Json.mapper().writeValueAsString(n);
    }

    @Test
    void slackAndDiscordGetTheirOwnJsonShape() throws Exception {
        try (var slack = new ChatChannel("chat", URI.create(receiver.url("/slack")), ChatChannel.Flavour.SLACK, Duration.ofSeconds(5), "CloudVoter/test");
             var discord = new ChatChannel("team", URI.create(receiver.url("/discord")), ChatChannel.Flavour.DISCORD, Duration.ofSeconds(5), "CloudVoter/test")) {
            slack.send(payload(OPEN), OPEN);
            var longOne = new Notification(OPEN.delivery(), "open", 7, OPEN.key(), OPEN.rule(), "open", "critical", "droplet-1",
                    "host-1", null, null, null, "x".repeat(5000), T, null, T);
            discord.send(payload(longOne), longOne);
        }
        var slack = receiver.received().get(0);
        assertThat(slack.path()).isEqualTo("/slack");
        assertThat(slack.json().path("text").asText())
                .startsWith("*CloudVoter droplet-1: OPEN critical – browser-down*\nthe browser has failed to start");
        assertThat(slack.header("content-type")).isEqualTo("application/json");
        var discord = receiver.received().get(1);
        assertThat(discord.json().path("content").asText()).startsWith("**CloudVoter droplet-1: OPEN critical").hasSize(2000);
        assertThat(discord.header(WebhookChannel.DELIVERY_HEADER)).isEqualTo(OPEN.delivery());
    }

    @Test
    void ntfyGetsTheTextWithTitlePriorityTagsAndToken() throws Exception {
        try (var ntfy = new NtfyChannel("phone", URI.create(receiver.url("/alerts-topic")), "tk_abc", Duration.ofSeconds(5), "CloudVoter/test")) {
            ntfy.send(payload(OPEN), OPEN);
        }
        var r = receiver.received().getFirst();
        assertThat(r.path()).isEqualTo("/alerts-topic");
        assertThat(r.body()).startsWith("the browser has failed to start since 02:58 — Chromium exited");
        assertThat(r.header("title")).isEqualTo("CloudVoter droplet-1: OPEN critical - browser-down");
        assertThat(r.header("priority")).isEqualTo("5");
        assertThat(r.header("tags")).isEqualTo("rotating_light");
        assertThat(r.header("authorization")).isEqualTo("Bearer tk_abc");
    }

    @Test
    void aWebhookWithoutASecretSendsThePayloadUnsigned() throws Exception {
        try (var hook = new WebhookChannel("hook", URI.create(receiver.url("/h")), null, Duration.ofSeconds(5), "CloudVoter/test")) {
            hook.send(payload(OPEN), OPEN);
        }
        var r = receiver.received().getFirst();
        assertThat(r.body()).isEqualTo(payload(OPEN));
        assertThat(r.header(WebhookChannel.SIGNATURE_HEADER)).isNull();
        assertThat(r.header("user-agent")).isEqualTo("CloudVoter/test");
        assertThat(r.json().has("instance")).as("nulls are left out").isFalse();
    }

    @Test
    void aReceiverThatNeverAnswersFailsTheTryWithinTheTimeout() throws Exception {
        try (var silent = new WebhookReceiver().hang();
             var hook = new WebhookChannel("hook", URI.create(silent.url("/h")), null, Duration.ofMillis(300), "CloudVoter/test")) {
            assertThatThrownBy(() -> hook.send(payload(OPEN), OPEN)).isInstanceOf(DeliveryFailure.class)
                    .hasMessage("no answer within 300 ms");
        }
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (var hook = new WebhookChannel("hook", URI.create("http://127.0.0.1:" + closed + "/h"), null, Duration.ofSeconds(2), "CloudVoter/test")) {
            assertThatThrownBy(() -> hook.send(payload(OPEN), OPEN)).isInstanceOf(DeliveryFailure.class).hasMessage("connection refused");
        }
    }

    @Test
    void emailGoesOverSmtpWithTheDeliveryIdAsMessageId() throws Exception {
        try (var smtp = new SmtpReceiver()) {
            var mail = new EmailChannel("mail", new EmailChannel.Server("127.0.0.1", smtp.port(), EmailChannel.Security.NONE,
                    "bot@example.org", "app-password", "bot@example.org", List.of("ops@example.org", "night@example.org")),
                    Duration.ofSeconds(5));
            mail.send(payload(OPEN), OPEN);
            var m = smtp.mails().getFirst();
            assertThat(m.from()).isEqualTo("bot@example.org");
            assertThat(m.to()).containsExactly("ops@example.org", "night@example.org");
            assertThat(m.user()).isEqualTo("bot@example.org");
            assertThat(m.password()).isEqualTo("app-password");
            assertThat(m.header("Message-ID")).isEqualTo("<" + OPEN.delivery() + "@cloudvoter>");
            assertThat(m.header(WebhookChannel.DELIVERY_HEADER)).isEqualTo(OPEN.delivery());
            assertThat(m.header("Subject")).contains("browser-down");
            assertThat(m.data()).contains("alert key: browser-down");
        }
        int closed;
        try (var s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var dead = new EmailChannel("mail", new EmailChannel.Server("127.0.0.1", closed, EmailChannel.Security.NONE, null, null,
                "bot@example.org", List.of("ops@example.org")), Duration.ofSeconds(2));
        assertThatThrownBy(() -> dead.send(payload(OPEN), OPEN)).isInstanceOf(DeliveryFailure.class)
                .hasMessageStartingWith("SMTP 127.0.0.1:" + closed + ": ");
    }
}
