package io.cloudvoter.agent.run;

import com.sun.net.httpserver.HttpExchange;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.history.RunQuery;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.ManualRuns;
import io.cloudvoter.agent.testing.BrowserNode;
import io.cloudvoter.agent.testing.PlaywrightStandIn;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.WorkerStatus;
import io.cloudvoter.model.events.ResourcesEvent;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs on a browser node (Playwright's own server, started by the test from the bundled jars on a
 * free loopback port) beside a local worker: flows run there and their storage states come back;
 * a node killed mid-run ends its runs ERROR while local runs go on; it comes back when restarted;
 * an agent with only a node that is down is not ready, and says why.
 */
class RemoteWorkersTest {
    @TempDir
    static Path dir;
    static TestSite site;
    static BrowserNode node;
    static Agent agent;
    static Api api;
    static ManualRuns manual;
    static final CountDownLatch heldArrived = new CountDownLatch(2);
    static final CountDownLatch release = new CountDownLatch(1);
    static final AtomicInteger localHeld = new AtomicInteger();

    @BeforeAll
    static void start() {
        site = new TestSite()
                .page("/visits", RemoteWorkersTest::visits)
                .page("/held", ex -> {
                    heldArrived.countDown();
                    hold(release);
                    TestSite.send(ex, 200, "<p>late</p>");
                })
                .html("/ok", "<p id=m>Thanks for voting!</p>");
        node = BrowserNode.start(dir.resolve("node"));
        var flows = new HashMap<String, String>();
        flows.put("visits.yaml", flow("visits", "/visits", "  - extract: { selector: \"#n\", name: visits }\n", "Visit number"));
        flows.put("held.yaml", flow("held", "/held", "", "late"));
        flows.put("ok.yaml", flow("ok", "/ok", "", "Thanks"));
        // The local worker takes one run; the node takes the rest.
        agent = TestAgents.startQuiet(dir.resolve("agent"), flows, """
                  browser:
                    workers: 1
                    runs-per-worker: 1
                    endpoints:
                      - url: "%s"
                        runs: 8
                """.formatted(node.wsEndpoint()), Duration.ofSeconds(1));
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        manual = new ManualRuns(agent, api, Duration.ofSeconds(90));
        for (var pair : List.of("v1:visits", "v2:visits", "held-1:held", "held-2:held", "ok-1:ok", "ok-2:ok")) {
            var idAndFlow = pair.split(":");
            var r = api.post("/api/instances", "{\"id\":\"" + idAndFlow[0] + "\",\"flow\":\"" + idAndFlow[1] + "\",\"enabled\":false}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (agent != null) {
            agent.close();
        }
        node.close();
        site.close();
    }

    @Test
    void flowsRunOnTheNodeAndTheirStorageStatesComeBack() {
        var blocker = holdTheLocalWorker();
        try {
            var first = manual.runAllNow(List.of("v1", "v2"));
            var second = manual.runAllNow(List.of("v1", "v2"));
            assertThat(first).allSatisfy(r -> assertThat(r.extracted()).as(r.message()).isEqualTo(1.0));
            assertThat(second).allSatisfy(r -> assertThat(r.extracted()).as("its own cookie, saved here, sent there").isEqualTo(2.0));
            assertThat(dir.resolve("agent/state/v1.json")).content().contains("visits");
            var status = api.get("/api/status").json().path("workers");
            assertThat(status).hasSize(2);
            var remote = status.get(1);
            assertThat(remote.path("kind").asText()).isEqualTo("remote");
            assertThat(remote.path("state").asText()).isEqualTo("UP");
            assertThat(remote.path("endpoint").asText()).startsWith("ws://127.0.0.1:" + node.port() + "/");
            assertThat(remote.path("version").asText()).isNotBlank();
        } finally {
            blocker.countDown();
        }
    }

    @Test
    void aNodeKilledMidRunEndsItsRunsErrorWhileLocalRunsGoOnAndItComesBackWhenRestarted() throws Exception {
        try (var stream = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open()) {
            var snapshot = stream.next(Snapshot.class);
            assertThat(snapshot.workers()).extracting(WorkerStatus::kind).containsExactly("local", "remote");
            assertThat(snapshot.workers().get(1).endpoint()).isEqualTo(node.wsEndpoint());
            killAndRestartTheNode(stream);
        }
    }

    /** The kill and restart, watched through the /ws stream's resources events as the desktop watches them. */
    private static void killAndRestartTheNode(WsTestClient stream) throws Exception {
        var blocker = holdTheLocalWorker();
        long before1 = manual.latestId("held-1");
        long before2 = manual.latestId("held-2");
        api.post("/api/instances/held-1/run", null);
        api.post("/api/instances/held-2/run", null);
        assertThat(heldArrived.await(60, TimeUnit.SECONDS)).as("both held runs in flight on the node").isTrue();
        blocker.countDown();

        node.kill();

        for (var cut : List.of(manual.awaitFinished("held-1", before1), manual.awaitFinished("held-2", before2))) {
            assertThat(cut.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(cut.message()).contains("browser endpoint lost");
        }
        var local = manual.runAllNow(List.of("ok-1")).getFirst();
        assertThat(local.outcome()).as("the local worker goes on: " + local.message()).isEqualTo(Outcome.SUCCESS);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/status").json().path("workers").get(1).path("state").asText(),
                "FAILED"::equals);
        assertThat(api.get("/api/health").status()).as("ready while any worker can run").isEqualTo(200);
        var failed = stream.next(ResourcesEvent.class, e -> "FAILED".equals(e.workers().get(1).state())).workers();
        assertThat(failed.get(0).state()).as("the local worker").isNotEqualTo("FAILED");
        assertThat(failed.get(1).lastError()).as("why, in the stream").isNotBlank();

        node.restart();
        await().atMost(Duration.ofSeconds(90)).until(() -> api.get("/api/status").json().path("workers").get(1).path("state").asText(),
                "UP"::equals);
        assertThat(stream.next(ResourcesEvent.class, e -> "UP".equals(e.workers().get(1).state())).workers().get(1).kind())
                .isEqualTo("remote");
        var blocker2 = holdTheLocalWorker();
        try {
            var again = manual.runAllNow(List.of("ok-2")).getFirst();
            assertThat(again.outcome()).as(again.message()).isEqualTo(Outcome.SUCCESS);
        } finally {
            blocker2.countDown();
        }
    }

    @Test
    void aNodeThatDiesWhileIdleIsNoticedWithoutARunAndRunsStayOffItUntilItIsBack() {
        var blocker = holdTheLocalWorker(); // proves the node UP first: the next run goes there
        try {
            assertThat(manual.runAllNow(List.of("ok-2")).getFirst().outcome()).isEqualTo(Outcome.SUCCESS);
        } finally {
            blocker.countDown();
        }
        long before = agent.runs().query(new RunQuery(null, null, null, null, 1)).getFirst().id();

        node.kill();

        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/status").json().path("workers").get(1).path("state").asText(),
                "FAILED"::equals);
        assertThat(agent.runs().query(new RunQuery(null, null, null, null, 1)).getFirst().id()).as("no run was needed to notice")
                .isEqualTo(before);
        var full = holdTheLocalWorker(); // even with the local worker full, no run goes to the lost node
        try {
            for (int i = 0; i < 3; i++) {
                var run = manual.runAllNow(List.of("ok-1")).getFirst();
                assertThat(run.outcome()).as("the local worker takes it: " + run.message()).isEqualTo(Outcome.SUCCESS);
            }
        } finally {
            full.countDown();
        }
        node.restart();
        await().atMost(Duration.ofSeconds(90)).until(() -> api.get("/api/status").json().path("workers").get(1).path("state").asText(),
                "UP"::equals);
    }

    @Test
    void anAgentWithOnlyANodeThatIsDownIsNotReadyAndSaysWhy(@TempDir Path own) throws Exception {
        try (var down = PlaywrightStandIn.answering("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")) {
            var url = down.wsEndpoint("/abc?token=secret-token-123");
            try (var lonely = TestAgents.startQuiet(own.resolve("agent"), Map.of(), """
                      browser:
                        local: false
                        endpoints:
                          - url: "%s"
                    """.formatted(url))) {
                var api = new Api(lonely.baseUrl(), TestAgents.TOKEN);
                var health = await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/health"), a -> a.status() == 503
                        && a.body().contains("browser node"));
                assertThat(health.body()).contains("cannot reach the browser node ws://127.0.0.1:" + down.port() + "/abc")
                        .doesNotContain("secret-token-123");
                assertThat(api.get("/api/status").body()).doesNotContain("secret-token-123");
            }
        }
    }

    @Test
    void aNodeOfAnotherPlaywrightVersionIsReportedWithBothVersions(@TempDir Path own) throws Exception {
        try (var older = PlaywrightStandIn.versionMismatch("1.61", "1.62")) {
            try (var lonely = TestAgents.startQuiet(own.resolve("agent"), Map.of(), """
                      browser:
                        local: false
                        endpoints:
                          - url: "%s"
                    """.formatted(older.wsEndpoint("/xyz")))) {
                var api = new Api(lonely.baseUrl(), TestAgents.TOKEN);
                var worker = await().atMost(Duration.ofSeconds(60)).until(
                        () -> api.get("/api/status").json().path("workers").get(0), w -> "FAILED".equals(w.path("state").asText()));
                assertThat(worker.path("lastError").asText())
                        .isEqualTo("Playwright version mismatch: the node runs 1.61, this agent 1.62"
                                   + " (major.minor must match; run the node from this agent's build)");
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * Fills the local worker (capacity 1) with a run that waits in a page until released, so the
     * next runs go to the node. Returns the latch that ends it.
     */
    private static CountDownLatch holdTheLocalWorker() {
        var done = new CountDownLatch(1);
        var inPage = new CountDownLatch(1);
        int n = localHeld.incrementAndGet();
        site.page("/local-" + n, ex -> {
            inPage.countDown();
            hold(done);
            TestSite.send(ex, 200, "<p>released</p>");
        });
        var local = agent.browser().workers().getFirst();
        local.run("test: hold the local worker", session -> {
            session.open(new com.microsoft.playwright.Browser.NewContextOptions()).newPage().navigate(site.url("/local-" + n));
            return null;
        });
        try {
            assertThat(inPage.await(60, TimeUnit.SECONDS)).as("the local worker holds a run").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> local.inFlight() == 1);
        return done;
    }

    private static void visits(HttpExchange ex) throws IOException {
        int n = 0;
        var cookie = ex.getRequestHeaders().getFirst("Cookie");
        if (cookie != null) {
            n = Arrays.stream(cookie.split(";\\s*")).filter(c -> c.startsWith("visits="))
                    .mapToInt(c -> Integer.parseInt(c.substring(7))).findFirst().orElse(0);
        }
        ex.getResponseHeaders().add("Set-Cookie", "visits=" + (n + 1) + "; Path=/; Max-Age=3600");
        TestSite.send(ex, 200, "<p>Visit number <span id=n>" + (n + 1) + "</span></p>");
    }

    private static String flow(String name, String path, String steps, String success) {
        return "name: " + name + "\ntarget: \"" + site.url(path) + "\"\ntimeout: 60s\ncooldown: 1h\nsteps:\n  - goto\n"
               + steps + "outcome:\n  success: [\"" + success + "\"]\n";
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
