package io.cloudvoter.model;

/** Version of the wire protocol shared by the agent and its clients, and the names both sides use. */
public final class Protocol {
    /** Bumped when a change would break an older client; additive fields do not bump it. */
    public static final int VERSION = 1;

    /** The event stream's path: {@code ws(s)://HOST:PORT/ws[?since=SEQ]}. */
    public static final String STREAM_PATH = "/ws";

    /** WebSocket subprotocol the agent selects when a client offers it. */
    public static final String SUBPROTOCOL = "cloudvoter.v1";

    /**
     * Prefix of the subprotocol value that carries the token for clients that cannot set headers
     * (browsers): offer {@code cloudvoter.v1} and {@code bearer.<token>}; the agent selects
     * {@code cloudvoter.v1}. The token never goes in the URL, which lands in access logs.
     */
    public static final String BEARER_SUBPROTOCOL_PREFIX = "bearer.";

    private Protocol() {
    }
}
