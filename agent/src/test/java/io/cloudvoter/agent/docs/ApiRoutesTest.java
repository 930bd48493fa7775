package io.cloudvoter.agent.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.docs.Routes.Route;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The route table of docs/api.md against the agent: every route it lists is served by a real agent (with
 * the token it answers neither "no such endpoint" nor 405), every method a listed path takes is listed,
 * and every route the agent's sources register is in the table. The agent's URLs written in the docs (the
 * support checklist's {@code curl}s) answer too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiRoutesTest {
    private static final String DOCS_AGENT = "http://127.0.0.1:8077";
    private static final Pattern AGENT_URL = Pattern.compile(Pattern.quote(DOCS_AGENT) + "(/[^\\s`\"')<>]*)");
    /** Sent last: it changes the token every other request carries. */
    private static final Route ROTATE = Route.of("POST", "/api/token/rotate");

    @TempDir
    static Path dir;
    static Agent agent;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Set<Route> documented = Routes.documented(Markdown.read(DocsTest.ROOT, "docs/api.md"));

    @BeforeAll
    static void start() {
        // Demo mode: the demo target's routes are in the table too.
        agent = LiveAgents.start(dir, "", Map.of(), Map.of("CLOUDVOTER_DEMO", "true"));
        // Ready (its browser probed), so that the docs' GET /api/health is answered as on a working agent.
        await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "/api/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    @Order(1)
    void everyRouteTheAgentRegistersIsInTheTable() {
        var registered = Routes.registered(DocsTest.ROOT.resolve("agent/src/main/java"));
        assertThat(registered).as("routes read from the agent's sources").hasSizeGreaterThan(30);

        assertThat(missing(registered, documented)).as("routes the agent registers that docs/api.md's route table lacks").isEmpty();
        assertThat(missing(documented, registered)).as("routes in docs/api.md's table that the agent's sources do not register").isEmpty();
    }

    /** A {@code curl} without a body is a GET and must answer 200 here; one with {@code -d} must be a POST route of the table. */
    @Test
    @Order(2)
    void everyAgentUrlInTheDocsAnswers() throws Exception {
        var wrong = new ArrayList<String>();
        int seen = 0;
        for (var doc : DocsTest.documents()) {
            for (int i = 0; i < doc.lines().size(); i++) {
                String line = doc.lines().get(i);
                var m = AGENT_URL.matcher(line);
                while (m.find()) {
                    seen++;
                    String where = doc.name() + ":" + (i + 1) + ": " + m.group();
                    String path = m.group(1).contains("?") ? m.group(1).substring(0, m.group(1).indexOf('?')) : m.group(1);
                    if (line.contains(" -d ")) {
                        if (!documented.contains(Route.of("POST", path))) {
                            wrong.add(where + ": posted to, but the route table has no POST " + path);
                        }
                        continue;
                    }
                    var answer = send("GET", m.group(1));
                    if (answer.statusCode() != 200) {
                        wrong.add(where + ": the agent answers " + answer.statusCode() + " " + message(answer.body()));
                    }
                }
            }
        }
        assertThat(seen).as("the agent's URLs found in the docs").isGreaterThanOrEqualTo(10);
        assertThat(wrong).as("the agent's URLs in the docs").isEmpty();
    }

    @Test
    @Order(3) // last: it rotates the token
    void everyRouteInTheTableIsServedAndEveryMethodOfItsPathIsListed() throws Exception {
        var wrong = new ArrayList<String>();
        // The methods each path takes, from the agent's own 405 (its Allow header), before the token changes.
        for (String path : documented.stream().map(Route::path).collect(Collectors.toCollection(LinkedHashSet::new))) {
            if (path.equals(Protocol.STREAM_PATH)) {
                continue; // any request without an upgrade is 426 there
            }
            var answer = send("PATCH", path);
            if (answer.statusCode() != 405) {
                wrong.add("PATCH " + path + ": expected 405 with Allow, got " + answer.statusCode() + " " + answer.body());
                continue;
            }
            for (var method : answer.headers().firstValue("Allow").orElse("").split(",\\s*")) {
                if (!method.equals("HEAD") && !documented.contains(Route.of(method, path))) {
                    wrong.add(method + " " + path + ": the agent takes it (Allow: " + answer.headers().firstValue("Allow").orElse("")
                            + "), the table does not list it");
                }
            }
        }
        var probes = documented.stream().sorted(Comparator.comparing(ROTATE::equals)).toList();
        for (var route : probes) {
            var answer = send(route.method(), route.path());
            String message = message(answer.body());
            if (answer.statusCode() == 405 || answer.statusCode() == 404 && message.startsWith("no such endpoint")) {
                wrong.add(route + ": the table lists it, the agent answers " + answer.statusCode() + " " + message);
            }
        }
        assertThat(wrong).as("docs/api.md's route table against a real agent").isEmpty();
    }

    private static Set<Route> missing(Set<Route> from, Set<Route> in) {
        return from.stream().filter(r -> !in.contains(r)).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The route with made-up parameters: a route that exists answers for them (404 "no instance…", 400…), never "no such endpoint". */
    private static HttpResponse<String> send(String method, String pattern) throws IOException, InterruptedException {
        String path = pattern.replaceAll("\\{[^}]+}", "no-such-1");
        boolean body = method.equals("POST") || method.equals("PUT");
        var request = HttpRequest.newBuilder(URI.create(agent.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestAgents.TOKEN)
                .method(method, body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (body) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(String body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            return json == null ? "" : json.path("message").asText("");
        } catch (IOException e) {
            return ""; // not JSON: a page (the demo target) or a stream, not an error body
        }
    }
}
