package io.cloudvoter.agent.alerts.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.model.Json;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Slack- and Discord-compatible incoming webhooks (Mattermost and Rocket.Chat take Slack's form):
 * a JSON object with the text under {@code text} (Slack) or {@code content} (Discord, at most 2,000
 * characters).
 */
public final class ChatChannel extends HttpChannel {
    /** Which form the receiver reads. */
    public enum Flavour {
        SLACK("text", 3_000), DISCORD("content", 2_000);

        final String field;
        final int limit;

        Flavour(String field, int limit) {
            this.field = field;
            this.limit = limit;
        }
    }

    private final Flavour flavour;

    public ChatChannel(String name, URI url, Flavour flavour, Duration timeout, String userAgent) {
        super(name, url, timeout, userAgent);
        this.flavour = flavour;
    }

    @Override
    public void send(String payload, Notification n) throws DeliveryFailure, InterruptedException {
        String text = (flavour == Flavour.SLACK ? "*" + n.title() + "*" : "**" + n.title() + "**") + "\n" + n.text();
        if (text.length() > flavour.limit) {
            text = text.substring(0, flavour.limit - 1) + "…";
        }
        byte[] body;
        try {
            body = Json.mapper().writeValueAsString(Map.of(flavour.field, text)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always JSON", e);
        }
        http.post(url, Map.copyOf(headers("application/json", n)), body);
    }
}
