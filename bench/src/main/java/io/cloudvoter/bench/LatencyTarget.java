package io.cloudvoter.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small poll site "across the internet", served by the bench on a free loopback port: the poll
 * page answers after a latency L, each of its sub-resources after L/4, and the vote (a form POST)
 * answers with the result page after L. Every request waits on its own virtual thread, so the
 * delays overlap as they would on a real server; they never queue behind each other.
 */
public final class LatencyTarget implements AutoCloseable {
    private static final String BASE = "/poll/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration latency;
    private final PollSite site = new PollSite();
    private final AtomicLong votes = new AtomicLong(17);
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger mostWaiting = new AtomicInteger();

    private LatencyTarget(HttpServer server, ExecutorService executor, Duration latency) {
        this.server = server;
        this.executor = executor;
        this.latency = latency;
    }

    public static LatencyTarget start(Duration latency) {
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("latency must be more than 0 (got " + latency + ")");
        }
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            var executor = Executors.newVirtualThreadPerTaskExecutor();
            var target = new LatencyTarget(server, executor, latency);
            server.createContext("/", target::handle);
            server.setExecutor(executor);
            server.start();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the latency target", e);
        }
    }

    /** The poll page, e.g. {@code http://127.0.0.1:40123/poll/}. */
    public String pollUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE;
    }

    public Duration latency() {
        return latency;
    }

    public long votes() {
        return votes.get();
    }

    /** Requests received so far, by kind: page, vote, stylesheet, script, image, font, tally, unknown. */
    public Map<String, Long> requests() {
        var out = new TreeMap<String, Long>();
        requests.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The most requests that were inside their latency at the same time. */
    public int mostWaiting() {
        return mostWaiting.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes(); // the connection can be kept alive only once the body is read
            var path = exchange.getRequestURI().getPath();
            var method = exchange.getRequestMethod();
            var sub = path.startsWith(BASE) ? path.substring(BASE.length()) : null;
            if ("GET".equals(method) && "".equals(sub)) {
                wait("page", latency);
                exchange.getResponseHeaders().add("Set-Cookie", "poll_voter=" + Long.toHexString(System.nanoTime()) + "; Path=/poll; SameSite=Lax");
                send(exchange, 200, "text/html; charset=utf-8", "no-store", utf8(site.pollPage(votes.get())));
            } else if ("POST".equals(method) && "vote".equals(sub)) {
                wait("vote", latency);
                send(exchange, 200, "text/html; charset=utf-8", "no-store", utf8(site.resultPage(votes.incrementAndGet())));
            } else if ("GET".equals(method) && "tally.json".equals(sub)) {
                wait("tally", latency.dividedBy(4));
                send(exchange, 200, "application/json", "no-store", utf8(site.tally(votes.get())));
            } else if ("GET".equals(method) && sub != null && site.resources().containsKey(sub)) {
                var r = site.resources().get(sub);
                wait(r.kind(), latency.dividedBy(4));
                send(exchange, 200, r.type(), "public, max-age=3600", r.body());
            } else {
                requests.computeIfAbsent("unknown", k -> new LongAdder()).increment();
                send(exchange, 404, "text/plain; charset=utf-8", "no-store", utf8("not found: " + method + " " + path));
            }
        }
    }

    /** The request's share of the round trip: the thread is virtual, so the wait holds no server thread. */
    private void wait(String kind, Duration delay) {
        requests.computeIfAbsent(kind, k -> new LongAdder()).increment();
        mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String cache, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", cache);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
