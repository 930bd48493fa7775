package io.cloudvoter.agent.alerts.channels;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * ntfy (ntfy.sh or a self-hosted server): the text as the body of a POST to the topic's URL, the
 * title, priority and tags as headers, and the access token, if any, as a bearer.
 */
public final class NtfyChannel extends HttpChannel {
    private final String token;

    public NtfyChannel(String name, URI url, String token, Duration timeout, String userAgent) {
        super(name, url, timeout, userAgent);
        this.token = token;
    }

    @Override
    public void send(String payload, Notification n) throws DeliveryFailure, InterruptedException {
        var headers = headers("text/plain; charset=utf-8", n);
        // Header values go out as ASCII here; the body carries the text as it is.
        headers.put("Title", ascii(n.title()));
        boolean resolved = "resolved".equals(n.event());
        headers.put("Priority", resolved ? "3" : switch (n.severity()) {
            case "critical" -> "5";
            case "warning" -> "4";
            default -> "3";
        });
        headers.put("Tags", resolved ? "white_check_mark" : "critical".equals(n.severity()) ? "rotating_light" : "warning");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        http.post(url, Map.copyOf(headers), n.text().getBytes(StandardCharsets.UTF_8));
    }

    static String ascii(String s) {
        var sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(c == '–' ? '-' : c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }
}
