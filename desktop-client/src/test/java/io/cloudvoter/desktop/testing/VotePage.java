package io.cloudvoter.desktop.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-question poll the test owns, on a free local port: {@code /vote} shows a counter and a Vote
 * button; clicking it says "Thanks for voting!". Each page load counts as a vote, so a run's extracted
 * value tells which load it saw. Never a site on the internet.
 */
public final class VotePage implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger votes = new AtomicInteger(41);

    public VotePage() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/vote", ex -> {
            byte[] body = ("<!doctype html><html><head><meta charset=utf-8><title>poll</title></head><body>"
                    + "<p id=count>Votes so far: " + votes.incrementAndGet() + "</p>"
                    + "<button id=vote onclick=\"document.getElementById('m').textContent='Thanks for voting!'\">Vote</button>"
                    + "<p id=m></p></body></html>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/vote";
    }

    /** A flow file for this page: click Vote, read the counter. */
    public String flow(String name) {
        return """
                name: %s
                target: "%s"
                timeout: 20s
                cooldown: 1h
                steps:
                  - goto
                  - click: "#vote"
                  - waitFor: { text: "Thanks" }
                  - extract: { selector: "#count", name: votes }
                outcome:
                  success: ["Thanks for voting"]
                """.formatted(name, url());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
