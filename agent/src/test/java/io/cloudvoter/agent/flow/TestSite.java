package io.cloudvoter.agent.flow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A local target for browser tests: fixed answers by path (any method), and a count of requests per path. */
final class TestSite implements AutoCloseable {
    private record Answer(int status, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private TestSite(HttpServer server) {
        this.server = server;
    }

    static TestSite start() throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var site = new TestSite(server);
        server.createContext("/", site::handle);
        server.start();
        return site;
    }

    TestSite html(String path, String body) {
        return html(path, 200, body);
    }

    TestSite html(String path, int status, String body) {
        answers.put(path, new Answer(status, "text/html; charset=utf-8",
                ("<!doctype html><html><body>" + body + "</body></html>").getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    TestSite bytes(String path, String contentType, byte[] body) {
        answers.put(path, new Answer(200, contentType, body));
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int hits(String path) {
        var count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            var path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            var answer = answers.getOrDefault(path, new Answer(404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8)));
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
