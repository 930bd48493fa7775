package io.cloudvoter.desktop.connection;

import io.cloudvoter.model.Protocol;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@link EventStream} over the Tyrus standalone client (jakarta.websocket). The upgrade carries the
 * token as {@code Authorization: Bearer}, offers the {@code cloudvoter.v1} subprotocol, and sends no
 * {@code Origin}: Tyrus would invent one from the URL, which the agent (like any WebSocket server
 * guarding against other sites' pages) compares with the {@code Host} it sees, and that comparison
 * fails for an IPv6 address ({@code [::1]}) or behind a proxy that rewrites {@code Host}. A desktop
 * client is no web page; it has no origin to declare.
 */
public final class TyrusEventStream implements EventStream {
    /** A snapshot carries every instance, recent logs and 15 minutes of resource samples. */
    private static final int MAX_FRAME = 32 * 1024 * 1024;

    private final ClientManager client;

    public TyrusEventStream() {
        client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 10_000);
        client.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_FRAME);
    }

    @Override
    public Session open(URI uri, String token, Listener listener) throws IOException {
        var config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(Protocol.SUBPROTOCOL))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.keySet().removeIf(name -> name.equalsIgnoreCase("Origin"));
                        headers.put("Authorization", List.of("Bearer " + token));
                    }
                })
                .build();
        try {
            var session = client.connectToServer(new Forwarder(listener), config, uri);
            return new Session() {
                @Override
                public String subprotocol() {
                    return session.getNegotiatedSubprotocol();
                }

                @Override
                public void send(String text) throws IOException {
                    session.getBasicRemote().sendText(text);
                }

                @Override
                public void close() {
                    try {
                        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "client closing"));
                    } catch (IOException | IllegalStateException ignored) {
                        // already gone: nothing to close
                    }
                }
            };
        } catch (DeploymentException e) {
            throw refusal(uri, e);
        }
    }

    private static IOException refusal(URI uri, DeploymentException e) {
        int status = 0;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                status = 401;
            } else if (t instanceof DeploymentHandshakeException d && d.getHttpStatusCode() > 0) {
                status = d.getHttpStatusCode();
            } else if (t instanceof HandshakeException h && h.getHttpStatusCode() > 0) {
                status = h.getHttpStatusCode();
            }
        }
        if (status == 401) {
            return new RefusedException(401, "the agent rejected the token (401)", e);
        }
        if (status == 403) {
            return new RefusedException(403, "the agent refused the event stream (403: it checks the upgrade's Origin;"
                    + " a proxy in between may add one)", e);
        }
        if (status == 429) {
            return new RefusedException(429, "the agent locked this address out after repeated wrong tokens (429);"
                    + " retrying", e);
        }
        if (status == 404) {
            return new RefusedException(404, "the agent has no event stream at " + uri.getPath() + " (404: an older agent?)", e);
        }
        if (status > 0) {
            return new RefusedException(status, "the agent refused the event stream (HTTP " + status + ")", e);
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new IOException("cannot connect: " + (root.getMessage() == null ? root.toString() : root.getMessage()), e);
    }

    @Override
    public void close() {
        client.shutdown();
    }

    private static final class Forwarder extends Endpoint {
        private final Listener listener;

        Forwarder(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onOpen(jakarta.websocket.Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(MAX_FRAME);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) listener::onText);
        }

        @Override
        public void onClose(jakarta.websocket.Session session, CloseReason reason) {
            listener.onClose(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }

        @Override
        public void onError(jakarta.websocket.Session session, Throwable error) {
            listener.onError(error);
        }
    }
}
