package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.agent.history.RunQuery;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunList;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.Arrays;

/**
 * The run history: {@code /api/runs?instance=&outcome=&since=&before=&limit=} (newest first),
 * {@code /api/runs.csv} with the same filters, one run, and its artifacts.
 */
final class RunsService implements HttpService {
    private static final int CSV_LIMIT = 100_000;
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final RunStore store;
    private final Path artifacts;
    private final Clock clock;

    RunsService(RunStore store, Path artifacts, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/runs", (req, res) -> Http.json(res, new RunList(store.query(query(req, RunQuery.MAX_PAGE)))))
                .get("/runs.csv", this::csv)
                .get("/runs/{id}", (req, res) -> Http.json(res, store.find(runId(req))
                        .orElseThrow(() -> Refusal.notFound("no run " + runId(req)))))
                .get("/runs/{id}/artifact", (req, res) -> sendArtifact(req, res, "artifact", "image/png"))
                .get("/runs/{id}/trace", (req, res) -> sendArtifact(req, res, "trace", "application/zip"));
    }

    private void csv(ServerRequest req, ServerResponse res) {
        var q = query(req, CSV_LIMIT);
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8")
                .header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"cloudvoter-runs.csv\"");
        try (var out = new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8)) {
            store.writeCsv(q, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the CSV export", e);
        }
    }

    private void sendArtifact(ServerRequest req, ServerResponse res, String kind, String contentType) {
        long id = runId(req);
        var run = store.find(id).orElseThrow(() -> Refusal.notFound("no run " + id));
        String name = kind.equals("artifact") ? run.artifact() : "run-" + id + "-trace.zip";
        Path file = name == null ? null : artifacts.resolve(name).normalize();
        if (file == null || !file.startsWith(artifacts) || !Files.isRegularFile(file)) {
            throw Refusal.notFound("run " + id + " has no " + kind + (name == null ? "" : " (file " + name + " is gone)"));
        }
        try {
            res.header(HeaderNames.CONTENT_TYPE, contentType)
                    .header(HeaderNames.CONTENT_DISPOSITION, "inline; filename=\"" + file.getFileName() + "\"")
                    .send(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private RunQuery query(ServerRequest req, int maxLimit) {
        var q = req.query();
        String instance = q.first("instance").orElse(null);
        Outcome outcome = q.first("outcome").map(RunsService::outcome).orElse(null);
        Instant since = q.first("since").map(this::since).orElse(null);
        Long before = q.first("before").map(s -> number("before", s, 1, Long.MAX_VALUE)).orElse(null);
        int limit = q.first("limit").map(s -> (int) number("limit", s, 1, maxLimit)).orElse(maxLimit == CSV_LIMIT ? CSV_LIMIT : 100);
        return new RunQuery(instance == null || instance.isBlank() ? null : instance, outcome, since, before, limit);
    }

    private static Outcome outcome(String s) {
        try {
            return Outcome.valueOf(s.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("outcome: '" + s + "' is not one of " + Arrays.toString(Outcome.values()));
        }
    }

    /** An ISO instant ({@code 2026-11-27T10:00:00Z}), epoch milliseconds, or an age such as {@code 24h}. */
    private Instant since(String s) {
        Instant since;
        try {
            if (s.matches("\\d{10,}")) {
                since = Instant.ofEpochMilli(Long.parseLong(s));
            } else if (s.contains("T")) {
                since = Instant.parse(s);
            } else {
                since = clock.instant().minus(Durations.parse(s));
            }
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw Refusal.invalid("since: '" + RequestBody.clip(s) + "' is not an ISO-8601 instant, epoch milliseconds or an age like 24h");
        }
        // The store compares epoch milliseconds: an instant a long can not hold would overflow there.
        if (since.isBefore(EARLIEST) || since.isAfter(LATEST)) {
            throw Refusal.invalid("since: '" + RequestBody.clip(s) + "' is out of range " + EARLIEST + " .. " + LATEST);
        }
        return since;
    }

    private static long number(String name, String s, long min, long max) {
        try {
            long n = Long.parseLong(s.trim());
            if (n < min || n > max) {
                throw Refusal.invalid(name + ": " + n + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Refusal.invalid(name + ": '" + s + "' is not a whole number");
        }
    }

    private static long runId(ServerRequest req) {
        return number("run id", req.path().pathParameters().get("id"), 1, Long.MAX_VALUE);
    }
}
