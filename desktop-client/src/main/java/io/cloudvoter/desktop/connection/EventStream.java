package io.cloudvoter.desktop.connection;

import java.io.IOException;
import java.net.URI;

/** A WebSocket to an agent's {@code /ws}, reduced to what the client needs; tests may hand in their own. */
public interface EventStream extends AutoCloseable {

    /** Opens a socket and blocks until the upgrade is answered. Callbacks then arrive on the transport's threads. */
    Session open(URI uri, String token, Listener listener) throws IOException;

    @Override
    void close();

    interface Session {
        /** The subprotocol the agent selected ({@code cloudvoter.v1}), or "" when it selected none. */
        default String subprotocol() {
            return "";
        }

        /** Sends one text frame; blocking. */
        void send(String text) throws IOException;

        /** Closes the socket; no reconnect follows from this side. */
        void close();
    }

    interface Listener {
        void onText(String text);

        void onClose(int code, String reason);

        void onError(Throwable error);
    }

    /** The upgrade was refused with an HTTP status (401: the token is wrong). */
    final class RefusedException extends IOException {
        private final int status;

        public RefusedException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
