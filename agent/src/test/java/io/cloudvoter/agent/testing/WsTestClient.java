package io.cloudvoter.agent.testing;

import io.cloudvoter.model.Json;
import io.cloudvoter.model.events.AgentEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests (the JDK's), reading the agent's {@code /ws} stream: every text
 * message parsed with the shared mapper, in order. It asks for one message at a time, so a test can
 * {@link #stall()} it (the JDK client then stops reading the socket) and {@link #resume()} it.
 */
public final class WsTestClient implements AutoCloseable {
    private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** How the connection ended: the close code and reason, or -1 and the error when it broke. */
    public record Ended(int code, String reason) {
    }

    private final LinkedBlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Ended> ended = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean stalled;
    private volatile boolean wantsMore;
    private WebSocket socket;

    private WsTestClient() {
    }

    /** Builds a connection request; call {@link Connect#open()}. */
    public static Connect to(String baseUrl) {
        return new Connect(baseUrl.replaceFirst("^http", "ws") + "/ws");
    }

    public static final class Connect {
        private String url;
        private HttpClient http = SHARED;
        private final List<String[]> headers = new ArrayList<>();
        private final List<String> protocols = new ArrayList<>();

        private Connect(String url) {
            this.url = url;
        }

        public Connect token(String token) {
            headers.add(new String[]{"Authorization", "Bearer " + token});
            return this;
        }

        public Connect header(String name, String value) {
            headers.add(new String[]{name, value});
            return this;
        }

        public Connect since(long seq) {
            url = url + "?since=" + seq;
            return this;
        }

        public Connect query(String rawQuery) {
            url = url + "?" + rawQuery;
            return this;
        }

        public Connect protocols(String... offered) {
            protocols.addAll(List.of(offered));
            return this;
        }

        public Connect using(HttpClient client) {
            this.http = client;
            return this;
        }

        /** Opens the connection; a refused upgrade throws (a {@link java.net.http.WebSocketHandshakeException} cause). */
        public WsTestClient open() {
            var client = new WsTestClient();
            var b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            headers.forEach(h -> b.header(h[0], h[1]));
            if (!protocols.isEmpty()) {
                b.subprotocols(protocols.getFirst(), protocols.subList(1, protocols.size()).toArray(String[]::new));
            }
            try {
                client.socket = b.buildAsync(URI.create(url), client.listener()).get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new CompletionException(e.getCause());
            } catch (Exception e) {
                throw new IllegalStateException("cannot connect to " + url, e);
            }
            return client;
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        events.add(Json.mapper().readValue(partial.toString(), AgentEvent.class));
                    } catch (IOException e) {
                        throw new UncheckedIOException("the agent sent something that is not an event: " + partial, e);
                    }
                    partial.setLength(0);
                }
                more(webSocket);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                more(webSocket);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                more(webSocket);
                return null;
            }

            @Override
            public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
                more(webSocket);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                ended.complete(new Ended(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                ended.complete(new Ended(-1, String.valueOf(error)));
            }
        };
    }

    private synchronized void more(WebSocket webSocket) {
        if (stalled) {
            wantsMore = true;
        } else {
            webSocket.request(1);
        }
    }

    /** Stops reading: the agent's frames pile up in the socket buffers, then in its queue for us. */
    public synchronized void stall() {
        stalled = true;
    }

    public synchronized void resume() {
        stalled = false;
        if (wantsMore) {
            wantsMore = false;
            socket.request(1);
        }
    }

    /** The next event, waiting at most {@code within}; fails the test when none comes. */
    public AgentEvent next(Duration within) {
        try {
            var e = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("no event within " + within + (ended.isDone() ? "; connection ended: " + ended.join() : ""));
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public AgentEvent next() {
        return next(Duration.ofSeconds(20));
    }

    /** Skips events until one of {@code type} that matches comes; returns it. */
    public <T extends AgentEvent> T next(Class<T> type, Predicate<T> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching " + type.getSimpleName() + " within 30s");
            }
            var e = next(Duration.ofNanos(left));
            if (type.isInstance(e) && matching.test(type.cast(e))) {
                return type.cast(e);
            }
        }
    }

    public <T extends AgentEvent> T next(Class<T> type) {
        return next(type, e -> true);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public CompletableFuture<Ended> ended() {
        return ended;
    }

    /** Waits for the end of the connection (bounded). */
    public Ended awaitEnd(Duration within) {
        try {
            return ended.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the connection did not end within " + within, e);
        }
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
