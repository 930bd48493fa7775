package io.cloudvoter.agent.alerts.channels;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ntfy (ntfy.sh or a self-hosted server): the text as the body of a POST to the topic's URL, the
 * title, priority and tags as headers, and the access token, if any, as a bearer.
 */
public final class NtfyChannel implements Channel {
    private final String name;
    private final URI url;
    private final String token;
    private final String userAgent;
    private final HttpSender http;

    public NtfyChannel(String name, URI url, String token, Duration timeout, String userAgent) {
        this.name = name;
        this.url = url;
        this.token = token;
        this.userAgent = userAgent;
        this.http = new HttpSender(timeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(String payload, Notification n) throws DeliveryFailure, InterruptedException {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("User-Agent", userAgent);
        headers.put(WebhookChannel.DELIVERY_HEADER, n.delivery());
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

    @Override
    public void close() {
        http.close();
    }
}
