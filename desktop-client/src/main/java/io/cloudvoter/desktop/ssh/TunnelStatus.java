package io.cloudvoter.desktop.ssh;

import java.time.Instant;

/**
 * What a profile's SSH tunnel is doing, shown beside the connection's state.
 *
 * @param detail     why it is not up, or what the operator must decide
 * @param retryAt    when the next attempt starts, while {@code RETRYING}
 * @param hostKey    the server's key fingerprint (SHA256:…) while {@code HOST_UNKNOWN} or {@code HOST_CHANGED}
 */
public record TunnelStatus(Phase phase, String detail, Instant retryAt, String hostKey) {

    public enum Phase {
        OPENING, UP, RETRYING,
        /** The server's key is not in known_hosts: nothing more until the operator accepts it. */
        HOST_UNKNOWN,
        /** known_hosts has another key for this host: refused, never retried by itself. */
        HOST_CHANGED,
        /** The server refused the key (or the key could not be read): no retries until the profile changes. */
        REFUSED,
        CLOSED;

        public String label() {
            return name().toLowerCase().replace('_', ' ');
        }
    }

    public static TunnelStatus closed() {
        return new TunnelStatus(Phase.CLOSED, null, null, null);
    }

    /** A short text for the header: "SSH up", "SSH: retrying in 4 s", "SSH: host key unknown". */
    public String describe(Instant now) {
        return switch (phase) {
            case OPENING -> "SSH: opening…";
            case UP -> "SSH up";
            case RETRYING -> "SSH: retrying in " + (retryAt == null ? 0 : Math.max(0, (retryAt.toEpochMilli() - now.toEpochMilli() + 999) / 1000)) + " s";
            case HOST_UNKNOWN -> "SSH: host key unknown";
            case HOST_CHANGED -> "SSH: HOST KEY CHANGED";
            case REFUSED -> "SSH: refused";
            case CLOSED -> "SSH: closed";
        };
    }
}
