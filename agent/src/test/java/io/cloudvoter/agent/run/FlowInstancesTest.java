package io.cloudvoter.agent.run;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.history.RunQuery;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.ManualRuns;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What differs between instances of one flow, and what the schedule makes of results: variables
 * and write-only secrets (masked in every output), retries as rows of their own, and a target that
 * is down stretching its instance's cooldown.
 */
class FlowInstancesTest {
    static final String SECRET = "hunter22-not-for-logs";

    @TempDir
    static Path dir;
    static TestSite site;
    static Agent agent;
    static Api api;
    static ManualRuns manual;
    static int closedPort;
    static final AtomicInteger flakyHits = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once this closes
        }
        site = new TestSite()
                .page("/hello", ex -> TestSite.send(ex, 200, "<p>Hello " + ex.getRequestURI().getPath().substring(7) + "</p>"))
                .html("/login", "<input id=pw oninput=\"document.getElementById('echo').textContent='You typed: '+this.value\">"
                                + "<p id=echo></p>")
                .page("/flaky", ex -> TestSite.send(ex, 200, flakyHits.incrementAndGet() < 3 ? "<p>Not yet</p>" : "<p>Thanks!</p>"));
        var flows = new HashMap<String, String>();
        flows.put("hello.yaml", flow("hello", site.url("/hello/"), "  - goto: \"/hello/${vars.who}\"\n", "Hello ${vars.who}", "1h"));
        flows.put("login.yaml", flow("login", site.url("/login"), """
                  - fill: { selector: "#pw", value: "${secrets.password}" }
                  - waitFor: { text: "You typed" }
                """, "Welcome", "1h"));
        flows.put("flaky.yaml", flow("flaky", site.url("/flaky"), "", "Thanks", "1h")
                .replace("steps:", "retry: { attempts: 3, on: [FAILED], delay: 1s }\nsteps:"));
        flows.put("down.yaml", flow("down", "http://127.0.0.1:" + closedPort + "/", "", "Thanks", "10s"));
        agent = TestAgents.startQuiet(dir, flows);
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        manual = new ManualRuns(agent, api, Duration.ofSeconds(60));
        add("{\"id\":\"ann\",\"flow\":\"hello\",\"enabled\":false,\"vars\":{\"who\":\"ann\"}}");
        add("{\"id\":\"nobody\",\"flow\":\"hello\",\"enabled\":false}");
        add("{\"id\":\"login-1\",\"flow\":\"login\",\"enabled\":false}");
        add("{\"id\":\"flaky-1\",\"flow\":\"flaky\",\"enabled\":true}");
        add("{\"id\":\"down-1\",\"flow\":\"down\",\"enabled\":false}");
    }

    @AfterAll
    static void stop() {
        agent.close();
        site.close();
    }

    @Test
    void variablesFillTheFlowPerInstanceAndAnInstanceWithoutThemCannotRun() {
        var run = manual.runNow("ann");
        assertThat(run.outcome()).as(run.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.message()).contains("Hello ann");

        var nobody = api.get("/api/instances/nobody").json();
        assertThat(nobody.path("state").asText()).isEqualTo("INVALID");
        assertThat(nobody.path("problem").asText()).isEqualTo("flow 'hello' uses ${vars.who}, which this instance does not set");
        assertThat(api.post("/api/instances/nobody/run", null).status()).isEqualTo(409);

        var changed = api.put("/api/instances/nobody", "{\"flow\":\"hello\",\"enabled\":false,\"vars\":{\"who\":\"bo\"}}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("state").asText()).isEqualTo("DISABLED");
        assertThat(manual.runNow("nobody").message()).contains("Hello bo");
        assertThat(api.put("/api/instances/nobody", "{\"id\":\"other\",\"flow\":\"hello\"}").status()).isEqualTo(400);
    }

    @Test
    void secretsAreWriteOnlyAndMaskedInEveryOutput() throws Exception {
        assertThat(api.get("/api/instances/login-1").json().path("state").asText()).as("needs its secret").isEqualTo("INVALID");
        assertThat(api.put("/api/instances/login-1/secrets", "{\"password\":\"abc\"}").status()).as("too short to mask").isEqualTo(400);
        var put = api.put("/api/instances/login-1/secrets", "{\"password\":\"" + SECRET + "\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        var file = dir.resolve("secrets/login-1.json");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        try (var ws = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open()) {
            ws.next(Snapshot.class);
            var run = manual.runNow("login-1");
            assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(run.message()).contains("You typed: ${secrets.password}").doesNotContain(SECRET);
            var finished = ws.next(RunFinished.class, e -> e.run().id() == run.id());
            assertThat(finished.run().message()).doesNotContain(SECRET);
            var logged = ws.next(LogEvent.class, e -> e.line().message().contains("run " + run.id()));
            assertThat(logged.line().message()).doesNotContain(SECRET).contains("${secrets.password}");
            assertThat(run.artifact()).matches("run-\\d+\\.png");
        }
        assertThat(api.get("/api/instances/login-1").json().path("secretNames").toString()).isEqualTo("[\"password\"]");
        for (var path : List.of("/api/instances/login-1", "/api/instances", "/api/runs?instance=login-1", "/api/runs.csv", "/api/status")) {
            assertThat(api.get(path).body()).as(path).doesNotContain(SECRET);
        }
        try (var artifacts = Files.list(dir.resolve("artifacts"))) {
            assertThat(artifacts.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(SECRET));
        }
    }

    @Test
    void aFlowThatRetriesRecordsEachAttemptAsARunOfItsOwn() {
        var started = api.post("/api/monitoring/start", null);
        assertThat(started.status()).as(started.body()).isIn(200, 202, 204);
        try {
            var runs = await().atMost(Duration.ofSeconds(60)).until(
                    () -> agent.runs().query(new RunQuery("flaky-1", null, null, null, 10)),
                    list -> list.size() >= 3 && list.stream().allMatch(r -> r.outcome().isFinal()));
            var attempts = runs.stream().sorted(Comparator.comparingLong(RunRecord::id)).toList();
            assertThat(attempts).extracting(RunRecord::outcome).containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.SUCCESS);
            assertThat(attempts).extracting(RunRecord::attempt).containsExactly(1, 2, 3);
            long first = attempts.getFirst().id();
            assertThat(attempts).extracting(RunRecord::retryOf).containsExactly(null, first, first);
            assertThat(api.get("/api/runs.csv?instance=flaky-1").body()).contains("," + 3 + "," + first + ",");
        } finally {
            api.post("/api/monitoring/stop", null);
        }
    }

    @Test
    void aTargetThatIsDownIsUnreachableWithoutAScreenshotAndStretchesTheCooldown() {
        var first = manual.runNow("down-1");
        assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(first.reason()).isEqualTo("unreachable");
        assertThat(first.message()).startsWith("unreachable: step 1 (goto)").contains("ERR_CONNECTION_REFUSED");
        assertThat(first.artifact()).as("no blank screenshot").isNull();

        var second = manual.runNow("down-1");
        assertThat(second.reason()).isEqualTo("unreachable");
        var status = api.get("/api/instances/down-1").json();
        assertThat(status.path("nextRunWhy").asText())
                .isEqualTo("2 failures in a row: cooldown stretched to 20s (x2, at most 30m); the next success restores 10s");
        var next = Instant.parse(status.path("nextRunAt").asText());
        var ended = second.startedAt().plusMillis(second.durationMs());
        assertThat(Duration.between(ended, next)).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(22));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void add(String json) {
        var r = api.post("/api/instances", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static String flow(String name, String target, String steps, String success, String cooldown) {
        return "name: " + name + "\ntarget: \"" + target + "\"\ntimeout: 20s\ncooldown: " + cooldown + "\nsteps:\n  - goto\n"
               + steps + "outcome:\n  success: [\"" + success + "\"]\n";
    }
}
