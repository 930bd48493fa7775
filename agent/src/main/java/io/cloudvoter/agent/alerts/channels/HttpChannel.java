package io.cloudvoter.agent.alerts.channels;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * What the channels that POST to a URL share: their name, where they post, the headers every request
 * carries ({@code User-Agent} and the delivery's idempotency key), and one HTTP client closed with them.
 */
abstract sealed class HttpChannel implements Channel permits WebhookChannel, ChatChannel, NtfyChannel {
    private final String name;
    final URI url;
    final HttpSender http;
    private final String userAgent;

    HttpChannel(String name, URI url, Duration timeout, String userAgent) {
        this.name = name;
        this.url = url;
        this.userAgent = userAgent;
        this.http = new HttpSender(timeout);
    }

    @Override
    public final String name() {
        return name;
    }

    /** {@code Content-Type}, {@code User-Agent} and {@value WebhookChannel#DELIVERY_HEADER}, in that order; more may follow. */
    final LinkedHashMap<String, String> headers(String contentType, Notification n) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", contentType);
        headers.put("User-Agent", userAgent);
        headers.put(WebhookChannel.DELIVERY_HEADER, n.delivery());
        return headers;
    }

    @Override
    public final void close() {
        http.close();
    }
}
