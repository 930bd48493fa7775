package io.cloudvoter.agent.web;

import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.agent.config.SectionReader;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.websocket.WsConfig;

import java.time.Duration;

/**
 * The {@code cloudvoter.http} section: how long and how many connections the agent keeps, and how it
 * applies that to Helidon's listener. A connection that sends nothing for {@code idleTimeout} is
 * closed (Helidon checks every {@link #idleCheck()}), a request whose headers or body take too long
 * is answered 408 and cut ({@link RequestDeadlines}), and past
 * {@code maxConnections} new connections wait in the backlog until one closes. WebSocket clients are
 * not idle while they answer the agent's pings ({@code stream.heartbeat}, 30 s).
 *
 * @param idleTimeout    no bytes from the client for this long: the connection is closed
 * @param headerTimeout  from a request's line to the end of its headers, at most
 * @param bodyTimeout    from the end of a request's headers to the end of its body, at most
 * @param maxConnections connections open at once
 */
public record HttpSettings(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections) {
    public static final HttpSettings DEFAULT = new HttpSettings(Duration.ofSeconds(60), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 128);
    /** How often Helidon looks for idle connections at most: an idle one lives at most this much past its timeout. */
    static final Duration IDLE_CHECK = Duration.ofSeconds(5);
    /** The largest body any endpoint takes (a storage state), plus room for its framing. */
    static final long MAX_PAYLOAD = StorageStates.MAX_BYTES + 64 * 1024;
    /** A single WebSocket frame over this is refused with 1009. */
    static final int MAX_WS_FRAME = 1024 * 1024;

    /**
     * Reads {@code cloudvoter.http}; wrong values go to the reader's problem list.
     *
     * @param heartbeat {@code stream.heartbeat}: the idle timeout must leave room for two of them
     */
    public static HttpSettings read(SectionReader r, Duration heartbeat) {
        var d = DEFAULT;
        var s = new HttpSettings(
                r.duration("idle-timeout", d.idleTimeout(), Duration.ofSeconds(2), Duration.ofHours(1)),
                r.duration("header-timeout", d.headerTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(5)),
                r.duration("body-timeout", d.bodyTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(10)),
                r.integer("max-connections", d.maxConnections(), 8, 10_000));
        if (s.idleTimeout().compareTo(heartbeat.multipliedBy(2)) < 0) {
            r.problem("idle-timeout", Durations.format(s.idleTimeout()) + " is less than twice stream.heartbeat ("
                    + Durations.format(heartbeat) + "): a WebSocket client answering the agent's pings would count as idle");
        }
        return s;
    }

    Duration idleCheck() {
        var half = idleTimeout.dividedBy(2);
        return half.compareTo(IDLE_CHECK) < 0 ? half : IDLE_CHECK;
    }

    /** Everything the listener needs from this section, and the JSON answers for errors before routing. */
    public void applyTo(WebServerConfig.Builder server) {
        var deadlines = new RequestDeadlines(headerTimeout, bodyTimeout);
        server.maxPayloadSize(MAX_PAYLOAD)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .idleConnectionTimeout(idleTimeout)
                .idleConnectionPeriod(idleCheck())
                .maxTcpConnections(maxConnections)
                .directHandlers(TransportErrors.handlers())
                .errorHandling(e -> e.includeEntity(true)) // the reason goes into the JSON body (never a stack trace)
                // These two and no others: the discovered defaults would come in addition, and two HTTP/1 configs
                // make Helidon wait for a first byte before it even starts a connection (no idle timeout then).
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.builder().addReceiveListener(deadlines).addSendListener(deadlines.answers()).build())
                .addProtocol(WsConfig.builder().maxFrameLength(MAX_WS_FRAME).build())
                .addFeature(deadlines.feature(WebServer.DEFAULT_SOCKET_NAME));
    }
}
