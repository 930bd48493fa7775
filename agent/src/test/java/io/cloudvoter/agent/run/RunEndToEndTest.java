package io.cloudvoter.agent.run;

import com.sun.net.httpserver.HttpExchange;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real runs: the agent, real Chromium through Playwright, a real SQLite file, against pages this
 * test serves on a free port.
 */
class RunEndToEndTest {
    @TempDir
    static Path dir;
    static TestSite site;
    /** The rate-limited target lives on its own origin: its pause must not stop the other tests' flows. */
    static TestSite limitedSite;
    static Agent agent;
    static Api api;
    static final CountDownLatch hangReached = new CountDownLatch(1);
    static final CountDownLatch releaseHang = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        site = new TestSite()
                .html("/ok", "<p id=count>Votes so far: 1,234</p><button id=vote onclick=\"document.getElementById('m').textContent='Thanks for voting!'\">Vote</button><p id=m></p>")
                .html("/closed", "<button id=vote onclick=\"document.getElementById('m').textContent='Voting is closed'\">Vote</button><p id=m></p>")
                .html("/never", "<p>nothing to click here</p>")
                .page("/visits", RunEndToEndTest::visits)
                .page("/hang", ex -> {
                    hangReached.countDown();
                    try {
                        releaseHang.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    TestSite.send(ex, 200, "<p>late</p>");
                });
        limitedSite = new TestSite()
                .page("/limited", ex -> TestSite.send(ex, 429, "<p id=m>Too many votes. Try again in 90 seconds.</p>"));
        agent = TestAgents.startQuiet(dir, Map.of(
                "ok.yaml", flow("ok", "/ok", "20s", """
                          - click: ["#missing", "#vote"]
                          - waitFor: { text: "Thanks" }
                          - extract: { selector: "#count", name: votes }
                        """, "success: [\"Thanks for voting\"]\n  failure: [\"closed\"]"),
                "closed.yaml", flow("closed", "/closed", "20s", """
                          - click: "#vote"
                          - waitFor: { selector: "#m" }
                        """, "success: [\"Thanks for voting\"]\n  failure: [\"Voting is closed\"]"),
                "limited.yaml", flow("limited", limitedSite.url("/limited"), "20s", "", """
                        success: ["Thanks"]
                          rateLimit:
                            patterns: ["Too many votes"]
                            retryAfter: "Try again in (\\\\d+) seconds"
                        """),
                "never.yaml", flow("never", "/never", "2s", """
                          - waitFor: { selector: "#never-there", timeout: 30s }
                        """, "success: [\"Thanks\"]"),
                "visits.yaml", flow("visits", "/visits", "20s", """
                          - extract: { selector: "#n", name: visits }
                        """, "success: [\"Visit number\"]"),
                "hang.yaml", flow("hang", "/hang", "60s", "", "success: [\"late\"]"),
                "traced.yaml", flow("traced", "/closed", "20s", """
                          - click: "#vote"
                          - waitFor: { selector: "#m" }
                        """, "failure: [\"Voting is closed\"]").replace("steps:", "trace: true\nsteps:"),
                "broken.yaml", "name: broken\nsteps:\n  - clik: \"#vote\"\n"));
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        for (var id : new String[]{"ok", "closed", "limited", "never", "visits", "hang", "traced"}) {
            var r = api.post("/api/instances", "{\"id\":\"" + id + "\",\"flow\":\"" + id + "\",\"enabled\":false}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        releaseHang.countDown();
        agent.close();
        site.close();
        limitedSite.close();
        assertThat(agent.browser().processes().all()).as("no driver or Chromium outlives the agent").isEmpty();
    }

    private static String flow(String name, String path, String timeout, String steps, String outcome) {
        String url = path.startsWith("http") ? path : site.url(path);
        return "name: " + name + "\ntarget: \"" + url + "\"\ntimeout: " + timeout + "\ncooldown: 1h\nsteps:\n  - goto\n"
                + steps + "outcome:\n  " + outcome + "\n";
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

    /**
     * Asks for a run now and waits (bounded) until the scheduler has taken its result in: the
     * instance's run counter moved on and it is no longer running. Returns the stored run.
     */
    private static RunRecord runNow(String id) {
        long runsBefore = api.get("/api/instances/" + id).json().path("runs").asLong();
        var r = api.post("/api/instances/" + id + "/run", null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/instances/" + id).json(),
                s -> s.path("runs").asLong() > runsBefore && !s.path("state").asText().equals("RUNNING"));
        return agent.runs().query(new io.cloudvoter.agent.history.RunQuery(id, null, null, null, 1)).getFirst();
    }

    private static long latestId(String id) {
        var runs = agent.runs().query(new io.cloudvoter.agent.history.RunQuery(id, null, null, null, 1));
        return runs.isEmpty() ? 0 : runs.getFirst().id();
    }

    @Test
    void successClicksTheFirstVisibleCandidateAndExtractsTheCounter() throws Exception {
        var run = runNow("ok");
        assertThat(run.outcome()).as(run.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.extracted()).isEqualTo(1234.0);
        assertThat(run.durationMs()).isPositive();
        var state = dir.resolve("state/ok.json");
        assertThat(state).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rw-------");
        var csv = api.get("/api/runs.csv?instance=ok").body();
        assertThat(csv.lines()).anySatisfy(line -> assertThat(line).startsWith(run.id() + ",ok,ok,SUCCESS,"))
                .noneSatisfy(line -> assertThat(line).contains("RUNNING"));
    }

    @Test
    void aFailurePatternFailsTheRunAndKeepsAScreenshot() throws IOException {
        var run = runNow("closed");
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.message()).contains("Voting is closed");
        assertThat(run.artifact()).isEqualTo("run-" + run.id() + ".png");
        var png = api.get("/api/runs/" + run.id() + "/artifact");
        assertThat(png.status()).isEqualTo(200);
        assertThat(Arrays.copyOf(png.raw().body(), 4)).containsExactly(0x89, 'P', 'N', 'G');
        // Screenshots may show personal data: the folder and the file are the agent user's alone.
        assertThat(mode(dir.resolve("artifacts"))).isEqualTo("rwx------");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(mode(dir.resolve("artifacts").resolve(run.artifact()))).isEqualTo("rw-------"));
    }

    static String mode(Path file) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void aMalformedFlowIsReportedWhileTheGoodOnesRun() {
        var flows = api.get("/api/flows").json();
        assertThat(flows.path("errors").toString()).contains("broken.yaml").contains("target").contains("clik");
        assertThat(flows.path("flows")).hasSize(7);
        assertThat(runNow("ok").outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void aTracedFlowKeepsItsTraceWhenItFails() {
        var run = runNow("traced");
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        var trace = api.get("/api/runs/" + run.id() + "/trace");
        assertThat(trace.status()).isEqualTo(200);
        assertThat(Arrays.copyOf(trace.raw().body(), 2)).containsExactly('P', 'K');
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(mode(dir.resolve("artifacts").resolve("run-" + run.id() + "-trace.zip"))).isEqualTo("rw-------"));
        assertThat(api.get("/api/runs/" + runNow("ok").id() + "/trace").status()).isEqualTo(404);
    }

    @Test
    void aRateLimitPausesTheTargetUntilThePagesRetryTime() {
        Instant before = Instant.now();
        var run = runNow("limited");
        assertThat(run.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        var status = api.get("/api/instances/limited").json();
        // This test's instances are disabled (they run only when asked): the state says so, the pause is there.
        assertThat(status.path("state").asText()).isEqualTo("DISABLED");
        var until = Instant.parse(status.path("pausedUntil").asText());
        assertThat(until).isBetween(before.plusSeconds(85), Instant.now().plusSeconds(95));
        var again = api.post("/api/instances/limited/run", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("message").asText()).contains("rate limited until");
    }

    @Test
    void aRunThatOutlastsItsTimeoutEndsAsError() {
        var run = runNow("never");
        assertThat(run.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(run.message()).contains("timeout");
        assertThat(run.durationMs()).isLessThan(15_000);
    }

    @Test
    void theStorageStateCarriesCookiesFromOneRunToTheNext() {
        var first = runNow("visits");
        var second = runNow("visits");
        assertThat(first.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(second.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(second.extracted()).isEqualTo(first.extracted() + 1);
    }

    @Test
    void chromiumKilledMidRunFailsOnlyThatRunAndIsRelaunched() throws Exception {
        long restartsBefore = agent.browser().restarts();
        long before = latestId("hang");
        assertThat(api.post("/api/instances/hang/run", null).status()).isEqualTo(202);
        assertThat(hangReached.await(30, TimeUnit.SECONDS)).isTrue();
        var browsers = agent.browser().processes().browsers();
        assertThat(browsers).as("Chromium processes of this agent").isNotEmpty();
        browsers.forEach(ProcessHandle::destroyForcibly);
        var cut = await().atMost(Duration.ofSeconds(30)).until(() -> {
            var runs = agent.runs().query(new io.cloudvoter.agent.history.RunQuery("hang", null, null, null, 1));
            return runs.isEmpty() || runs.getFirst().id() <= before || !runs.getFirst().outcome().isFinal() ? null : runs.getFirst();
        }, java.util.Objects::nonNull);
        releaseHang.countDown();
        assertThat(cut.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(cut.message()).contains("browser");

        var next = runNow("ok");
        assertThat(next.outcome()).as(next.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(agent.browser().restarts()).isGreaterThan(restartsBefore);
    }
}
