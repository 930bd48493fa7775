package io.cloudvoter.agent.web;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerFeature;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A header-read timeout, which Helidon 4.5 does not have: once a request line has arrived, its
 * headers must follow within {@code headerTimeout}, or the connection is closed. Helidon's own idle
 * timeout only cuts a connection that is waiting for a request line; one that dribbles a header a
 * minute would otherwise hold its socket and thread for ever.
 *
 * <p>Helidon tells connection listeners when a request line and when the headers are complete; the
 * connections between the two are checked once a second. Only those are remembered, so the map is
 * never larger than the number of connections mid-header.
 */
final class RequestDeadlines implements Http1ConnectionListener {
    private static final Logger LOG = Logger.getLogger(RequestDeadlines.class.getName());
    private static final Duration CHECK = Duration.ofSeconds(1);

    private final long timeoutNanos;
    private final Duration timeout;
    private final ConcurrentHashMap<ConnectionContext, Long> readingHeaders = new ConcurrentHashMap<>();
    private ScheduledExecutorService checker;
    private ScheduledFuture<?> task;

    RequestDeadlines(Duration headerTimeout) {
        this.timeout = headerTimeout;
        this.timeoutNanos = headerTimeout.toNanos();
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        readingHeaders.put(ctx, System.nanoTime() + timeoutNanos);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        readingHeaders.remove(ctx);
    }

    /** Connections past their header deadline right now (for tests). */
    int overdue() {
        long now = System.nanoTime();
        return (int) readingHeaders.values().stream().filter(d -> d - now < 0).count();
    }

    void check() {
        long now = System.nanoTime();
        readingHeaders.forEach((ctx, deadline) -> {
            if (deadline - now >= 0) {
                return;
            }
            readingHeaders.remove(ctx, deadline);
            LOG.fine(() -> "closing a connection from " + ctx.remotePeer().host() + ": its headers took over " + timeout.toSeconds() + "s");
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a slow connection", e);
            }
        });
    }

    private synchronized void start() {
        if (checker == null) {
            checker = Executors.newSingleThreadScheduledExecutor(r -> {
                var t = new Thread(r, "cloudvoter-header-deadlines");
                t.setDaemon(true);
                return t;
            });
            task = checker.scheduleWithFixedDelay(() -> {
                try {
                    check();
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "checking header deadlines failed", t);
                }
            }, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stop() {
        if (checker != null) {
            task.cancel(false);
            checker.shutdownNow();
            checker = null;
        }
        readingHeaders.clear();
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
                return "cloudvoter-header-deadlines";
            }

            @Override
            public String type() {
                return "cloudvoter-header-deadlines";
            }
        };
    }
}
