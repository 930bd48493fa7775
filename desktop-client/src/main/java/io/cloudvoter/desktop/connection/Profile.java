package io.cloudvoter.desktop.connection;

import java.net.URI;

/**
 * A saved connection: a name for the operator, the agent's base URL and its bearer token, and
 * optionally the SSH route to it (then the URL is the agent's address as seen on the far side of the
 * tunnel). {@link #toString()} never shows the token or a key's passphrase.
 */
public record Profile(String name, String url, String token, SshRoute ssh) {

    public Profile(String name, String url, String token) {
        this(name, url, token, null);
    }

    public Profile {
        name = name == null ? "" : name.strip();
        url = normalizeUrl(url);
        token = token == null ? "" : token.strip();
        if (name.isEmpty()) {
            name = ssh != null ? ssh.host() : URI.create(url).getAuthority();
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token: empty (paste the token the agent printed, or its token file's content)");
        }
    }

    /** {@code http://host:port} without a trailing slash; rejects anything that is not an http(s) URL with a host. */
    public static String normalizeUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("URL: empty (e.g. http://127.0.0.1:8077)");
        }
        String s = url.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.regionMatches(true, 0, "http://", 0, 7) && !s.regionMatches(true, 0, "https://", 0, 8)) {
            throw new IllegalArgumentException("URL: '" + url.strip() + "' must start with http:// or https://");
        }
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URL: '" + url.strip() + "' is not a URL (" + e.getMessage() + ")");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL: '" + url.strip() + "' has no host");
        }
        return s;
    }

    /** The event stream's address: {@code ws(s)://host:port/ws}, resuming after {@code since} when it is positive. */
    public URI eventsUri(long since) {
        String ws = url.replaceFirst("(?i)^http", "ws");
        return URI.create(ws + "/ws" + (since > 0 ? "?since=" + since : ""));
    }

    public Profile withName(String newName) {
        return new Profile(newName, url, token, ssh);
    }

    /** The same profile reached at {@code localUrl} (the near end of its SSH tunnel). */
    public Profile reachedAt(String localUrl) {
        return new Profile(name, localUrl, token, ssh);
    }

    /** "http://127.0.0.1:8077 via SSH root@droplet" or just the URL. */
    public String address() {
        return ssh == null ? url : url + " via SSH " + ssh.target();
    }

    @Override
    public String toString() {
        return "Profile[" + name + ", " + url + ", token=***" + (ssh == null ? "" : ", " + ssh) + "]";
    }
}
