package io.cloudvoter.model.api;

/**
 * Answer of {@code POST /api/token/rotate}: the new token, shown this once. The old token stops
 * working at once and open {@code /ws} connections are closed with
 * {@link io.cloudvoter.model.events.CloseCodes#TOKEN_ROTATED}.
 */
public record RotatedToken(String token) {
    @Override
    public String toString() {
        return "RotatedToken[token=<redacted>]";
    }
}
