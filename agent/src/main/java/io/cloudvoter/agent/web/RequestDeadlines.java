package io.cloudvoter.agent.web;

import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.ErrorBody;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerFeature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Header- and body-read timeouts, which Helidon 4.5 does not have: once a request line has arrived,
 * its headers must follow within {@code headerTimeout}, and a body, if it has one, must be in before
 * {@code bodyTimeout} has passed from the end of the headers (the answer starting is what says so).
 * Otherwise the client gets 408 and the connection is closed. Helidon's own idle timeout only cuts a
 * connection that is waiting for a request line; one that dribbles a header a minute, or sends a
 * broken chunk size that makes the server wait for bytes that never come, would otherwise hold its
 * socket and thread for ever.
 *
 * <p>Helidon tells connection listeners when a request line and its headers have been read, and when
 * an answer starts; connections between those points are checked once a second. Only those are
 * remembered, so the map is never larger than the number of requests being read.
 */
final class RequestDeadlines implements Http1ConnectionListener {
    private static final Logger LOG = Logger.getLogger(RequestDeadlines.class.getName());
    private static final Duration CHECK = Duration.ofSeconds(1);

    private record Deadline(long nanos, String what) {
    }

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final ConcurrentHashMap<ConnectionContext, Deadline> reading = new ConcurrentHashMap<>();
    private ScheduledExecutorService checker;

    RequestDeadlines(Duration headerTimeout, Duration bodyTimeout) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        reading.put(ctx, new Deadline(System.nanoTime() + headerTimeout.toNanos(),
                "its headers took over " + headerTimeout.toSeconds() + "s"));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        boolean body = headers.contains(HeaderNames.TRANSFER_ENCODING)
                || headers.first(HeaderNames.CONTENT_LENGTH).filter(v -> !v.strip().equals("0")).isPresent();
        if (body) {
            reading.put(ctx, new Deadline(System.nanoTime() + bodyTimeout.toNanos(),
                    "its body took over " + bodyTimeout.toSeconds() + "s"));
        } else {
            reading.remove(ctx);
        }
    }

    /** What is sent: an answer starting means the request was read. */
    Http1ConnectionListener answers() {
        return new Http1ConnectionListener() {
            @Override
            public void status(ConnectionContext ctx, Status status) {
                reading.remove(ctx);
            }
        };
    }

    void check() {
        long now = System.nanoTime();
        reading.forEach((ctx, deadline) -> {
            if (deadline.nanos() - now >= 0 || !reading.remove(ctx, deadline)) {
                return;
            }
            LOG.fine(() -> "closing a connection from " + ctx.remotePeer().host() + ": " + deadline.what());
            try {
                ctx.dataWriter().writeNow(timeout(deadline.what()));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "the slow client is gone already", e);
            }
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a slow connection", e);
            }
        });
    }

    private static BufferData timeout(String why) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(new ErrorBody(408, "request-timeout", "request: " + why + "; closing"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = new byte[0];
        }
        var head = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Length: " + body.length + "\r\n\r\n";
        var out = BufferData.growing(head.length() + body.length);
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        return out;
    }

    private synchronized void start() {
        if (checker == null) {
            checker = DaemonThreads.timer("cloudvoter-request-deadlines");
            checker.scheduleWithFixedDelay(() -> {
                try {
                    check();
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "checking request deadlines failed", t);
                }
            }, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
        reading.clear();
    }

    /** Starts the checks with the server and stops them with it. */
    ServerFeature feature(String socket) {
        return new ServerFeature() {
            @Override
            public void setup(ServerFeatureContext context) {
                context.socket(socket).httpRouting().register(new HttpService() {
                    @Override
                    public void routing(io.helidon.webserver.http.HttpRules rules) {
                    }

                    @Override
                    public void beforeStart() {
                        start();
                    }

                    @Override
                    public void afterStop() {
                        stop();
                    }
                });
            }

            @Override
            public String name() {
                return "cloudvoter-request-deadlines";
            }

            @Override
            public String type() {
                return "cloudvoter-request-deadlines";
            }
        };
    }
}
