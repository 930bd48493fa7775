package io.cloudvoter.agent.demo;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in demo target under {@code /demo/}: a one-question poll with a vote button, a counter
 * and a success message. Each voter (a cookie, so it lives in the instance's storage state) may
 * vote {@code votesPerWindow} times per {@code window}; past that the page says to try again in so
 * many seconds, with HTTP 429. So the demo exercises success, counting and rate limiting offline.
 */
public final class DemoTarget implements HttpService {
    static final String COOKIE = "demo_voter";

    private final Clock clock;
    private final int votesPerWindow;
    private final Duration window;
    private final AtomicLong votes = new AtomicLong(17);
    private final Map<String, Deque<Instant>> recentVotes = new ConcurrentHashMap<>();

    public DemoTarget(Clock clock, int votesPerWindow, Duration window) {
        this.clock = clock;
        this.votesPerWindow = votesPerWindow;
        this.window = window;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::poll).post("/vote", this::vote);
    }

    private void poll(ServerRequest req, ServerResponse res) {
        voter(req, res);
        page(res, Status.OK_200, "");
    }

    private void vote(ServerRequest req, ServerResponse res) {
        String voter = voter(req, res);
        Instant now = clock.instant();
        var mine = recentVotes.computeIfAbsent(voter, v -> new ArrayDeque<>());
        long retryInSeconds;
        synchronized (mine) {
            while (!mine.isEmpty() && !mine.peekFirst().isAfter(now.minus(window))) {
                mine.pollFirst();
            }
            if (mine.size() >= votesPerWindow) {
                retryInSeconds = Math.max(1, Duration.between(now, mine.peekFirst().plus(window)).toSeconds() + 1);
            } else {
                mine.addLast(now);
                retryInSeconds = 0;
            }
        }
        if (retryInSeconds > 0) {
            page(res, Status.TOO_MANY_REQUESTS_429,
                    "<p id=\"message\" class=\"limit\">Too many votes. Try again in " + retryInSeconds + " seconds.</p>");
        } else {
            votes.incrementAndGet();
            page(res, Status.OK_200, "<p id=\"message\" class=\"ok\">Thanks for voting!</p>");
        }
    }

    private String voter(ServerRequest req, ServerResponse res) {
        var existing = req.headers().cookies().first(COOKIE);
        if (existing.isPresent() && existing.get().matches("[a-f0-9-]{36}")) {
            return existing.get();
        }
        String id = UUID.randomUUID().toString();
        res.header(HeaderNames.SET_COOKIE, COOKIE + "=" + id + "; Path=/demo; Max-Age=31536000; HttpOnly; SameSite=Lax");
        return id;
    }

    private void page(ServerResponse res, Status status, String message) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>CloudVoter demo poll</title>
                <style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto}
                button{font-size:1rem;padding:.5rem 1rem}.limit{color:#b45309}.ok{color:#15803d}</style></head>
                <body><h1>Best pizza topping?</h1>
                %s
                <p id="count">Votes so far: %d</p>
                <form method="post" action="/demo/vote"><button id="vote" type="submit">Vote for Margherita</button></form>
                <p><small>Each voter may vote %d times per %d seconds.</small></p>
                </body></html>
                """.formatted(message, votes.get(), votesPerWindow, window.toSeconds());
        res.status(status).header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .header(HeaderNames.CACHE_CONTROL, "no-store").send(html);
    }
}
