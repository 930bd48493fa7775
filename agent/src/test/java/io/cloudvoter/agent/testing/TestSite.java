package io.cloudvoter.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A local web site a test owns, on a free port. Never a site on the internet. */
public final class TestSite implements AutoCloseable {
    private final HttpServer server;

    public TestSite() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public TestSite page(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    /** A fixed HTML page. */
    public TestSite html(String path, String body) {
        return page(path, ex -> send(ex, 200, body));
    }

    public static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = ("<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>" + body + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
