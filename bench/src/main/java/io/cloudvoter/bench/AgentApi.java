package io.cloudvoter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.InstanceSpec;
import io.cloudvoter.model.api.RunList;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.api.StatusResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The agent's REST API as the benchmarks use it: what an operator's client would call. */
public final class AgentApi {
    /** The most runs GET /api/runs returns at once. */
    private static final int PAGE = 100;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public AgentApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public String base() {
        return base;
    }

    public String token() {
        return token;
    }

    /** The HTTP status of {@code GET /api/health}, or -1 while nothing answers. */
    public int health() {
        try {
            var req = HttpRequest.newBuilder(URI.create(base + "/api/health")).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public StatusResponse status() {
        return as(call("GET", "/api/status", null, 200), StatusResponse.class);
    }

    public void addInstance(InstanceSpec spec) {
        call("POST", "/api/instances", json(spec), 201);
    }

    public void monitoring(boolean on) {
        call("POST", "/api/monitoring/" + (on ? "start" : "stop"), null, 200);
    }

    public void disable(String instanceId) {
        call("POST", "/api/instances/" + instanceId + "/disable", null, 200);
    }

    public void runNow(String instanceId) {
        call("POST", "/api/instances/" + instanceId + "/run", null, 202);
    }

    /** {@code GET /metrics}: Prometheus text. */
    public String metrics() {
        return call("GET", "/metrics", null, 200);
    }

    /** {@code POST /api/flows/reload}: the flows and rejected files after re-reading the folder. */
    public JsonNode reloadFlows() {
        return tree(call("POST", "/api/flows/reload", null, 200));
    }

    /** Every run started at or after {@code since}, oldest first (pages through the history). */
    public List<RunRecord> runsSince(Instant since) {
        var all = new ArrayList<RunRecord>();
        Long before = null;
        while (true) {
            var path = "/api/runs?limit=" + PAGE + "&since=" + since.toEpochMilli() + (before == null ? "" : "&before=" + before);
            var page = as(call("GET", path, null, 200), RunList.class).runs();
            all.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
            before = page.getLast().id();
        }
        return all.reversed();
    }

    public JsonNode get(String path) {
        return tree(call("GET", path, null, 200));
    }

    private static JsonNode tree(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected answer: " + body, e);
        }
    }

    private String call(String method, String path, String body, int expected) {
        var req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            var res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + res.statusCode() + ": " + res.body());
            }
            return res.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String json(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T as(String body, Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected answer: " + body, e);
        }
    }
}
