package io.cloudvoter.desktop.alerts;

import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertChannel;
import io.cloudvoter.model.api.AlertChannelList;
import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertDeliveryList;
import io.cloudvoter.model.api.AlertList;
import io.cloudvoter.model.api.AlertMute;
import io.cloudvoter.model.api.AlertMuteList;
import io.cloudvoter.model.api.MuteRequest;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The agent's {@code /api/alerts}, blocking: call it from the executor's background. */
public final class AlertsApi {
    private final AgentApi api;

    public AlertsApi(AgentApi api) {
        this.api = api;
    }

    /** What the events do not carry: the outbox, the channels' counts, the mutes. */
    public record Details(List<AlertDelivery> deliveries, List<AlertChannel> channels, List<AlertMute> mutes) {
    }

    /** The newest alerts, open and resolved. */
    public List<Alert> alerts(int limit) throws IOException {
        return api.getJson("/api/alerts?state=all&limit=" + limit, AlertList.class).alerts();
    }

    public Details details(int deliveries) throws IOException {
        return new Details(
                api.getJson("/api/alerts/deliveries?limit=" + deliveries, AlertDeliveryList.class).deliveries(),
                api.getJson("/api/alerts/channels", AlertChannelList.class).channels(),
                api.getJson("/api/alerts/mutes", AlertMuteList.class).mutes());
    }

    public AlertMute mute(String scope, Instant until) throws IOException {
        return api.postJson("/api/alerts/mute", new MuteRequest(until, scope), AlertMute.class);
    }

    public void unmute(long id) throws IOException {
        api.delete("/api/alerts/mutes/" + id);
    }

    public AlertDelivery test(String channel) throws IOException {
        return api.postJson("/api/alerts/test?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8), null, AlertDelivery.class);
    }
}
