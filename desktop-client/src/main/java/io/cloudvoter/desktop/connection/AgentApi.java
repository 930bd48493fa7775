package io.cloudvoter.desktop.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.ErrorBody;
import io.cloudvoter.model.api.HealthResponse;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.MonitoringState;
import io.cloudvoter.model.api.StatusResponse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The agent's REST API, blocking ({@code java.net.http}). Call it from the UiExecutor's background,
 * never from the FX thread. Errors come back as {@link ApiException} carrying the agent's own message.
 */
public final class AgentApi {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http;
    private final Profile profile;

    public AgentApi(HttpClient http, Profile profile) {
        this.http = http;
        this.profile = profile;
    }

    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Profile profile() {
        return profile;
    }

    public HealthResponse health() throws IOException {
        return json(get("/api/health"), HealthResponse.class, true);
    }

    /** Whether the agent answers {@code /api/health} with any HTTP status: it runs and serves. Never throws. */
    public boolean answersHealth() {
        try {
            var request = HttpRequest.newBuilder(URI.create(profile.url() + "/api/health")).timeout(PROBE_TIMEOUT).GET().build();
            http.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public StatusResponse status() throws IOException {
        return json(get("/api/status"), StatusResponse.class, false);
    }

    public InstanceStatus runNow(String id) throws IOException {
        return json(post("/api/instances/" + segment(id) + "/run"), InstanceStatus.class, false);
    }

    public InstanceStatus restart(String id) throws IOException {
        return json(post("/api/instances/" + segment(id) + "/restart"), InstanceStatus.class, false);
    }

    public InstanceStatus setEnabled(String id, boolean enabled) throws IOException {
        return json(post("/api/instances/" + segment(id) + (enabled ? "/enable" : "/disable")), InstanceStatus.class, false);
    }

    /** Uploads a Playwright storage state file ({@code {"cookies":[…],"origins":[…]}}) for one instance. */
    public void uploadStorageState(String id, Path file) throws IOException {
        var request = request("/api/instances/" + segment(id) + "/storage-state")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofFile(file));
        expectOk(send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** The instance's storage state as the agent keeps it; empty when it has none yet. */
    public java.util.Optional<String> storageState(String id) throws IOException {
        var response = send(request("/api/instances/" + segment(id) + "/storage-state").GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404 && !new String(response.body(), java.nio.charset.StandardCharsets.UTF_8).contains("no instance")) {
            return java.util.Optional.empty();
        }
        expectOk(response);
        return java.util.Optional.of(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Uploads a storage state held in memory (a login captured here); it never touches the disk. */
    public void uploadStorageState(String id, String json) throws IOException {
        var request = request("/api/instances/" + segment(id) + "/storage-state")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        expectOk(send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    public MonitoringState setMonitoring(boolean on) throws IOException {
        return json(post(on ? "/api/monitoring/start" : "/api/monitoring/stop"), MonitoringState.class, false);
    }

    /** The agent's answer to a restart request (202): {@code {"restarting":true,"message":"…"}}. */
    public record Restarting(boolean restarting, String message) {
    }

    /**
     * Asks the agent to stop gracefully so that its supervisor starts it again. A 409 ({@link ApiException})
     * carries the agent's reason when nothing would start it again.
     */
    public Restarting restartAgent() throws IOException {
        return json(post("/api/agent/restart"), Restarting.class, false);
    }

    public BrowserStatus recycleBrowser() throws IOException {
        return json(post("/api/browser/recycle"), BrowserStatus.class, false);
    }

    /** Streams {@code GET path} into {@code target}, which is replaced only once the answer is complete; returns its size. */
    public long download(String path, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        var response = send(request(path).GET(), HttpResponse.BodyHandlers.ofFile(tmp));
        if (response.statusCode() / 100 != 2) {
            String body = Files.readString(tmp);
            Files.deleteIfExists(tmp);
            throw error(response.statusCode(), body);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(target);
    }

    /** {@code GET path} as bytes (a screenshot); a non-2xx answer is an {@link ApiException} with the agent's message. */
    public byte[] getBytes(String path) throws IOException {
        var response = get(path);
        expectOk(response);
        return response.body();
    }

    /** {@code GET path} as JSON, for features that keep their own calls (alerts, history). */
    public <T> T getJson(String path, Class<T> type) throws IOException {
        return json(get(path), type, false);
    }

    /** {@code POST path} with {@code body} as JSON (none when null), the answer read as {@code type}. */
    public <T> T postJson(String path, Object body, Class<T> type) throws IOException {
        var request = request(path).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
        return json(send(request, HttpResponse.BodyHandlers.ofByteArray()), type, false);
    }

    /** {@code PUT path} with {@code body} as JSON, the answer read as {@code type} (none when null). */
    public <T> T putJson(String path, Object body, Class<T> type) throws IOException {
        var request = request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
        var response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (type == null) {
            expectOk(response);
            return null;
        }
        return json(response, type, false);
    }

    /** An answer as it came, for calls whose refusals carry more than a message (a flow's problems). */
    public record Answer(int status, byte[] body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public <T> T as(Class<T> type) throws ApiException {
            try {
                return Json.mapper().readValue(body, type);
            } catch (IOException e) {
                throw new ApiException(status, "the agent's answer is not a " + type.getSimpleName() + " (" + e.getMessage() + ")");
            }
        }

        /** The refusal as an exception with the agent's message. */
        public ApiException error() {
            return AgentApi.error(status, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code method path} with a body of this media type (none when {@code body} is null); never throws for a status. */
    public Answer exchange(String method, String path, String contentType, byte[] body) throws IOException {
        var request = request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        var response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    /** {@code DELETE path}; a non-2xx answer is an {@link ApiException} with the agent's message. */
    public void delete(String path) throws IOException {
        expectOk(send(request(path).DELETE(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private HttpResponse<byte[]> get(String path) throws IOException {
        return send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path) throws IOException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(profile.url() + path))
                .timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + profile.token());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws IOException {
        var built = request.build();
        try {
            return http.send(built, handler);
        } catch (ConnectException e) {
            throw new ApiException("cannot reach " + profile.url() + " (connection refused)", e);
        } catch (HttpTimeoutException e) {
            throw new ApiException(built.method() + " " + built.uri().getPath() + ": no answer within "
                    + CALL_TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted", e);
        }
    }

    private <T> T json(HttpResponse<byte[]> response, Class<T> type, boolean acceptAnyStatus) throws IOException {
        if (!acceptAnyStatus) {
            expectOk(response);
        }
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new ApiException(response.statusCode(), response.request().uri().getPath() + ": the agent's answer is not a "
                    + type.getSimpleName() + " (" + e.getOriginalMessage() + ")");
        }
    }

    private static void expectOk(HttpResponse<byte[]> response) throws ApiException {
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static ApiException error(int status, String body) {
        String message;
        try {
            var error = Json.mapper().readValue(body, ErrorBody.class);
            message = error.message() != null ? error.message() : body;
        } catch (IOException e) {
            message = body.isBlank() ? "HTTP " + status : body.strip();
        }
        return new ApiException(status, message);
    }

    private static String segment(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
