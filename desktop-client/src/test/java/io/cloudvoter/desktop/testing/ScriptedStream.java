package io.cloudvoter.desktop.testing;

import io.cloudvoter.desktop.connection.EventStream;
import io.cloudvoter.model.Json;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An {@link EventStream} whose sockets a model test opens, feeds and drops by hand, on the test's own
 * thread, so connection logic runs deterministically.
 */
public final class ScriptedStream implements EventStream {
    private final List<URI> opened = new ArrayList<>();
    private final Deque<IOException> failures = new ArrayDeque<>();
    private final List<String> sent = new ArrayList<>();
    private Listener listener;
    private boolean open;

    /** The next {@code open} fails with this. */
    public void failNext(IOException e) {
        failures.add(e);
    }

    public List<URI> opened() {
        return opened;
    }

    public List<String> sent() {
        return sent;
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public Session open(URI uri, String token, Listener l) throws IOException {
        opened.add(uri);
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
        listener = l;
        open = true;
        return new Session() {
            @Override
            public void send(String text) {
                sent.add(text);
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    /** The agent sends this event (as JSON, through the real mapper). */
    public void push(Object event) {
        try {
            listener.onText(Json.mapper().writeValueAsString(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void pushText(String text) {
        listener.onText(text);
    }

    /** The socket closes from the agent's side. */
    public void drop(int code, String reason) {
        open = false;
        listener.onClose(code, reason);
    }

    @Override
    public void close() {
    }
}
