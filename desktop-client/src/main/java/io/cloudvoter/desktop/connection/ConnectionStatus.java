package io.cloudvoter.desktop.connection;

import java.time.Instant;

/**
 * What the client's link to one agent is doing, always shown to the operator.
 *
 * @param detail  why it is not connected (the last error), or null
 * @param retryAt when the next attempt starts, while {@code RETRYING}
 * @param attempt failed attempts in a row
 * @param lastLive when the link was last up (now, while connected); null if it never was
 */
public record ConnectionStatus(Phase phase, String detail, Instant since, Instant retryAt, int attempt, Instant lastLive) {

    public enum Phase {
        CONNECTING, CONNECTED, RETRYING,
        /** The agent refused the token (rotated, or wrong): no retries until the operator gives a new one. */
        NEEDS_TOKEN,
        CLOSED;

        /** For badges and style classes: {@code needs-token}. */
        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public boolean connected() {
        return phase == Phase.CONNECTED;
    }

    /** A short line for the header, e.g. "Disconnected — retrying in 4 s"; {@link #detail()} says why. */
    public String describe(Instant now) {
        return switch (phase) {
            case CONNECTING -> attempt == 0 ? "Connecting…" : "Reconnecting… (attempt " + (attempt + 1) + ")";
            case CONNECTED -> "Connected";
            case RETRYING -> {
                long s = retryAt == null ? 0 : Math.max(0, (retryAt.toEpochMilli() - now.toEpochMilli() + 999) / 1000);
                yield "Disconnected — retrying in " + s + " s";
            }
            case NEEDS_TOKEN -> detail != null && detail.contains("rotated") ? "Token rotated — enter the new token"
                    : "Token rejected — enter the new token";
            case CLOSED -> "Closed";
        };
    }
}
