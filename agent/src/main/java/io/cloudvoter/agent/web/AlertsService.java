package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.alerts.Alerting;
import io.cloudvoter.model.api.AlertChannelList;
import io.cloudvoter.model.api.AlertDeliveryList;
import io.cloudvoter.model.api.AlertList;
import io.cloudvoter.model.api.AlertMuteList;
import io.cloudvoter.model.api.MuteRequest;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@code /api/alerts}: the alerts ({@code ?state=open|all}), the deliveries with their errors, the
 * channels (secrets left out), mutes, and a test notification per channel.
 */
final class AlertsService implements HttpService {
    private static final int MAX = 1000;
    private static final Set<String> DELIVERY_STATES = Set.of("PENDING", "DELIVERED", "EXPIRED", "MUTED");

    private final Alerting alerts;

    AlertsService(Alerting alerts) {
        this.alerts = alerts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Http.json(res, new AlertList(alerts.alerts(openOnly(req), limit(req, 200)))))
                .get("/deliveries", (req, res) -> Http.json(res, new AlertDeliveryList(
                        alerts.deliveries(query(req, "channel"), deliveryState(req), limit(req, 200)))))
                .get("/channels", (req, res) -> Http.json(res, new AlertChannelList(alerts.channels())))
                .get("/mutes", (req, res) -> Http.json(res, new AlertMuteList(alerts.mutes())))
                .post("/mute", this::mute)
                .delete("/mutes/{id}", (req, res) -> {
                    long id = mutesId(req);
                    if (!alerts.unmute(id)) {
                        throw Refusal.notFound("no mute " + id + " (maintenance windows are lifted in the config only)");
                    }
                    res.status(Status.NO_CONTENT_204).send();
                })
                .post("/test", this::test);
    }

    private void mute(ServerRequest req, ServerResponse res) {
        var body = Http.body(req, MuteRequest.class);
        if (body.until() == null) {
            throw Refusal.invalid("until: missing (an ISO-8601 instant, e.g. 2026-06-01T12:00:00Z)");
        }
        try {
            Http.json(res, Status.CREATED_201, alerts.mute(body.scope(), body.until()));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage().startsWith("until") ? e.getMessage() : "scope: " + e.getMessage());
        }
    }

    private void test(ServerRequest req, ServerResponse res) {
        String channel = query(req, "channel");
        if (channel == null) {
            throw Refusal.invalid("channel: missing (POST /api/alerts/test?channel=NAME; GET /api/alerts/channels lists them)");
        }
        try {
            var d = alerts.test(channel);
            Http.json(res, "DELIVERED".equals(d.state()) ? Status.OK_200 : Status.ACCEPTED_202, d);
        } catch (NoSuchElementException e) {
            throw Refusal.notFound(e.getMessage());
        }
    }

    private static boolean openOnly(ServerRequest req) {
        String state = query(req, "state");
        if (state == null || state.equalsIgnoreCase("open")) {
            return true;
        }
        if (state.equalsIgnoreCase("all")) {
            return false;
        }
        throw Refusal.invalid("state: '" + state + "' is not open or all");
    }

    private static String deliveryState(ServerRequest req) {
        String state = query(req, "state");
        if (state == null) {
            return null;
        }
        String s = state.toUpperCase(java.util.Locale.ROOT);
        if (!DELIVERY_STATES.contains(s)) {
            throw Refusal.invalid("state: '" + state + "' is not one of pending, delivered, expired, muted");
        }
        return s;
    }

    private static int limit(ServerRequest req, int fallback) {
        String text = query(req, "limit");
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Refusal.invalid("limit: '" + text + "' is not a whole number from 1 to " + MAX);
    }

    private static long mutesId(ServerRequest req) {
        String text = req.path().pathParameters().get("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Refusal.invalid("mute id: '" + text + "' is not a number");
        }
    }

    private static String query(ServerRequest req, String name) {
        String value = req.query().first(name).orElse(null);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
