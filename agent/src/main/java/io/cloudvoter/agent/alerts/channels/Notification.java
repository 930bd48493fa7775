package io.cloudvoter.agent.alerts.channels;

import java.time.Instant;

/**
 * What every channel is told, and exactly the JSON body of the generic webhook (nulls left out):
 * <pre>{"delivery":"…","event":"open","alertId":7,"key":"failures-in-a-row:instance:poll-1",
 * "rule":"failures-in-a-row","state":"open","severity":"warning","agent":"droplet-1","host":"droplet-1",
 * "agentUrl":"http://127.0.0.1:8077","instance":"poll-1","flow":"demo-vote","message":"…",
 * "openedAt":"…","time":"…"}</pre>
 *
 * @param delivery the idempotency key, also sent as {@code X-CloudVoter-Delivery}
 * @param event    {@code open}, {@code repeat} (still open), {@code resolved} or {@code test}
 * @param state    the alert's state: {@code open} or {@code resolved}
 * @param time     when the notification was made (not when it was sent, so every try carries the same body)
 */
public record Notification(String delivery, String event, long alertId, String key, String rule, String state,
                           String severity, String agent, String host, String agentUrl, String instance, String flow,
                           String message, Instant openedAt, Instant resolvedAt, Instant time) {

    /** One line for a title or a subject: {@code CloudVoter droplet-1: OPEN warning – failures-in-a-row:instance:poll-1}. */
    public String title() {
        String word = switch (event) {
            case "open" -> "OPEN";
            case "repeat" -> "STILL OPEN";
            case "resolved" -> "RESOLVED";
            default -> "TEST";
        };
        return "CloudVoter " + agent + ": " + word + " " + severity + " – " + key;
    }

    /** The message with what it is about and when, for chat and mail. */
    public String text() {
        var sb = new StringBuilder(message == null ? "" : message);
        if (instance != null || flow != null) {
            sb.append("\n").append(instance != null ? "instance " + instance : "")
                    .append(instance != null && flow != null ? ", " : "").append(flow != null ? "flow " + flow : "");
        }
        sb.append("\n").append(state).append(" since ").append(state.equals("resolved") && resolvedAt != null ? resolvedAt : openedAt)
                .append(" · agent ").append(agent).append(" (").append(host).append(")");
        return sb.toString();
    }
}
