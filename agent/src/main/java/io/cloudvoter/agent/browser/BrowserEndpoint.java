package io.cloudvoter.agent.browser;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A browser node: Playwright's own browser server on another machine ({@code ./cloudvoter
 * browser-node}, Browserless, Moon…), reached with {@code BrowserType.connect}. It becomes one
 * remote browser worker of the agent.
 *
 * @param url     {@code ws://} or {@code wss://}; a Browserless-style {@code ?token=} travels as given
 * @param headers sent with the WebSocket upgrade (e.g. {@code Authorization}); never logged or shown
 * @param runs    runs in flight on it at most (the node's memory decides; about 16 MB a run there)
 */
public record BrowserEndpoint(URI url, Map<String, String> headers, int runs) {
    public static final int DEFAULT_RUNS = 16;
    public static final int MAX_RUNS = 128;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public BrowserEndpoint {
        headers = Map.copyOf(headers);
    }

    /** Where it is, for logs, status and the desktop: no query (tokens), no user info, never the headers. */
    public String display() {
        var port = url.getPort() == -1 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Why {@code text} is not an endpoint URL; null when it is one. */
    static String problemWithUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (Exception e) {
            return "'" + text + "' is not a URL";
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("ws") || uri.getScheme().equalsIgnoreCase("wss"))) {
            return "'" + redacted(text) + "' is not a ws:// or wss:// URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "'" + redacted(text) + "' has no host";
        }
        return null;
    }

    static boolean validHeaderName(String name) {
        return HEADER_NAME.matcher(name).matches();
    }

    /** A URL as it may appear in an error message: without its query, which may hold a token. */
    static String redacted(String text) {
        int q = text.indexOf('?');
        return q < 0 ? text : text.substring(0, q) + "?…";
    }
}
