package io.cloudvoter.agent.stream;

import io.helidon.common.Weight;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1UpgradeResult;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsUpgradeException;

import java.util.Base64;
import java.util.Optional;

/**
 * The WebSocket handshake, with {@link StreamConnection} behind it. Helidon's own upgrader would hand
 * the socket to its {@code WsConnection}; this one does the same checks (GET, a version-13 key, an
 * {@code Origin} matching {@code Host}) with answers a client can act on (a key that is not 16 bytes
 * of base64 is a 400, not a 500), asks the endpoint for its subprotocol before the HTTP filters run
 * (so a refused {@code since} is a 400 with a body), and completes the switch only after the filters
 * (the token) let it through. It replaces Helidon's upgrader for every WebSocket route of the server
 * through the service loader, by its higher weight.
 */
public final class StreamUpgrader extends WsUpgrader implements Http1RoutedUpgrader {
    private final int maxFrameLength;

    StreamUpgrader(WsConfig config) {
        super(config);
        this.maxFrameLength = config.maxFrameLength();
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        return null; // every upgrade goes through routing (routedUpgrade), so the token filter sees it
    }

    @Override
    public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        if (!isWebSocketUpgrade(headers)) {
            return Optional.empty();
        }
        var route = route(ctx, prologue);
        if (route.isEmpty()) {
            return Optional.empty(); // HTTP routing answers (404)
        }
        if (prologue.method() != Method.GET) {
            throw badRequest("a WebSocket upgrade must use GET");
        }
        String key = headers.first(WS_KEY).orElseThrow(() -> badRequest("Sec-WebSocket-Key is missing"));
        if (!validKey(key)) {
            throw badRequest("Sec-WebSocket-Key must be 16 random bytes in base64 (24 characters)");
        }
        String version = headers.first(WS_VERSION).orElse(SUPPORTED_VERSION);
        if (!SUPPORTED_VERSION.equals(version.strip())) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .message("Sec-WebSocket-Version " + clip(version) + " is not supported; use 13")
                    .header(SUPPORTED_VERSION_HEADER)
                    .build();
        }
        headers.first(HeaderNames.ORIGIN).ifPresent(origin -> validateOrigin(headers, origin));
        var listener = route.get().listener();
        Optional<Headers> answer;
        try {
            answer = listener.onHttpUpgrade(prologue, headers);
        } catch (WsUpgradeException e) {
            throw badRequest(e.getMessage());
        }
        return Optional.of((response, requestHeaders) -> {
            var out = WritableHeaders.create();
            answer.ifPresent(h -> h.forEach(out::set));
            out.set(HeaderValues.create(HeaderNames.CONNECTION, "Upgrade"));
            out.set(HeaderValues.create(HeaderNames.UPGRADE, "websocket"));
            out.set(HeaderValues.create(HeaderNames.create("Sec-WebSocket-Accept"), hash(ctx, key)));
            response.sendSwitchingProtocols(out);
            return Http1UpgradeResult.upgraded(new StreamConnection(ctx, prologue, answer.orElse(WritableHeaders.create()),
                    listener, maxFrameLength));
        });
    }

    private static Optional<io.helidon.webserver.websocket.WsRoute> route(ConnectionContext ctx, HttpPrologue prologue) {
        try {
            return Optional.of(ctx.router().routing(WsRouting.class, WsRouting.empty()).findRoute(prologue));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key.strip()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static RequestException badRequest(String message) {
        return RequestException.builder()
                .type(DirectHandler.EventType.BAD_REQUEST)
                .status(Status.BAD_REQUEST_400)
                .message(clip(message))
                .safeMessage(true)
                .build();
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /** Puts {@link StreamUpgrader} in place of Helidon's WebSocket upgrader (weight 100). */
    @Weight(200)
    public static final class Provider implements Http1UpgradeProvider<WsConfig> {
        /** For the service loader. */
        public Provider() {
        }

        @Override
        public String protocolType() {
            return "websocket";
        }

        @Override
        public Class<WsConfig> protocolConfigType() {
            return WsConfig.class;
        }

        @Override
        public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
            return new StreamUpgrader(config);
        }
    }
}
