package io.cloudvoter.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudvoter.model.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A local webhook receiver on a free port, the test's own: it records every request (headers and
 * body) and answers with the statuses it is given in turn (then 200), or never answers at all.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived; header names in lower case. */
    public record Received(String path, Map<String, String> headers, String body, int answered) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile boolean hang;
    private volatile boolean failing;
    private volatile String errorBody = "receiver says no";

    public WebhookReceiver() {
        this(0);
    }

    public WebhookReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next requests get these statuses, one each; after them, 200. */
    public WebhookReceiver answer(Integer... next) {
        statuses.addAll(List.of(next));
        return this;
    }

    /** While set, every request is answered 500. */
    public WebhookReceiver failing(boolean on) {
        this.failing = on;
        return this;
    }

    /** What a failing answer says in its body. */
    public WebhookReceiver errorBody(String body) {
        this.errorBody = body;
        return this;
    }

    /** Takes requests and never answers them (until closed). */
    public WebhookReceiver hang() {
        this.hang = true;
        return this;
    }

    /** Waits until a request is being held unanswered. */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests answered 2xx. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        var headers = ex.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> String.join(",", e.getValue()), (a, b) -> a));
        if (hang) {
            received.add(new Received(ex.getRequestURI().getPath(), headers, new String(body, StandardCharsets.UTF_8), 0));
            held.countDown();
            try {
                release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        Integer status = failing ? null : statuses.poll();
        int code = failing ? 500 : status == null ? 200 : status;
        received.add(new Received(ex.getRequestURI().getPath(), headers, new String(body, StandardCharsets.UTF_8), code));
        byte[] answer = (code / 100 == 2 ? "ok" : errorBody).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, answer.length);
        try (var out = ex.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
