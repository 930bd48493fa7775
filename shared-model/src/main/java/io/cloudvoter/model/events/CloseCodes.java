package io.cloudvoter.model.events;

/**
 * Close codes the agent uses on {@code /ws} besides the standard ones (1000 normal, 1001 the agent
 * is stopping, 1009 a frame over the WebSocket limit). A client that sees any of them reconnects,
 * with {@code ?since=} the last seq it received, so it misses nothing the replay buffer still holds.
 */
public final class CloseCodes {
    /** The client did not read its events fast enough; its queue overflowed and was discarded. */
    public static final int TOO_SLOW = 4000;
    /** The token was rotated; reconnect with the new one. */
    public static final int TOKEN_ROTATED = 4001;

    private CloseCodes() {
    }
}
