package io.cloudvoter.agent.run;

import com.sun.net.httpserver.HttpExchange;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.history.RunQuery;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.ManualRuns;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.model.api.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many runs in flight on ONE browser worker (one Playwright driver, one Chromium), against pages
 * this test serves: they overlap on slow pages, a hung run holds nobody else, a crash ends exactly
 * the runs it cut, and {@code block:} routes and storage states stay per run.
 */
class InterleavedRunsTest {
    static final int SLOW_RUNS = 6;
    static final int HELD_RUNS = 3;

    @TempDir
    static Path dir;
    static TestSite site;
    static Agent agent;
    static Api api;
    static ManualRuns manual;

    static final AtomicInteger slowInFlight = new AtomicInteger();
    static final AtomicInteger slowMostInFlight = new AtomicInteger();
    /** Every slow request waits for all of them: a worker that ran one flow at a time would never get there. */
    static final CountDownLatch slowAllArrived = new CountDownLatch(SLOW_RUNS);
    static final CountDownLatch hangReached = new CountDownLatch(1);
    static final CountDownLatch heldArrived = new CountDownLatch(HELD_RUNS);
    static final CountDownLatch release = new CountDownLatch(1);
    static final AtomicInteger imageHits = new AtomicInteger();
    static final AtomicInteger styleHits = new AtomicInteger();

    @BeforeAll
    static void start() {
        site = new TestSite()
                .page("/slow", InterleavedRunsTest::slow)
                .page("/hang", ex -> {
                    hangReached.countDown();
                    hold(release);
                    TestSite.send(ex, 200, "<p>late</p>");
                })
                .page("/held", ex -> {
                    heldArrived.countDown();
                    hold(release);
                    TestSite.send(ex, 200, "<p>late</p>");
                })
                .html("/ok", "<p id=m>Thanks for voting!</p>")
                .page("/visits", InterleavedRunsTest::visits)
                .page("/img.png", ex -> {
                    imageHits.incrementAndGet();
                    ex.sendResponseHeaders(404, -1);
                    ex.close();
                })
                .page("/style.css", ex -> {
                    styleHits.incrementAndGet();
                    byte[] css = "p { color: black }".getBytes();
                    ex.getResponseHeaders().set("Content-Type", "text/css");
                    ex.sendResponseHeaders(200, css.length);
                    ex.getResponseBody().write(css);
                    ex.close();
                });
        var flows = new HashMap<String, String>();
        flows.put("slow.yaml", flow("slow", "/slow", "60s", "  - waitFor: \"#m\"\n", "success: [\"Thanks\"]"));
        flows.put("hang.yaml", flow("hang", "/hang", "3s", "", "success: [\"late\"]"));
        flows.put("held.yaml", flow("held", "/held", "60s", "", "success: [\"late\"]"));
        flows.put("ok.yaml", flow("ok", "/ok", "20s", "", "success: [\"Thanks\"]"));
        flows.put("visits.yaml", flow("visits", "/visits", "20s", "  - extract: { selector: \"#n\", name: visits }\n",
                "success: [\"Visit number\"]").replace("steps:", "block: [image]\nsteps:"));
        agent = TestAgents.startQuiet(dir, flows, "  browser:\n    workers: 1\n    runs-per-worker: 16\n");
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        manual = new ManualRuns(agent, api, Duration.ofSeconds(90));
        var ids = new ArrayList<String>();
        IntStream.rangeClosed(1, SLOW_RUNS).forEach(i -> ids.add("slow-" + i + ":slow"));
        IntStream.rangeClosed(1, HELD_RUNS).forEach(i -> ids.add("held-" + i + ":held"));
        IntStream.rangeClosed(1, 3).forEach(i -> ids.add("ok-" + i + ":ok"));
        IntStream.rangeClosed(1, 3).forEach(i -> ids.add("visit-" + i + ":visits"));
        ids.add("hang-1:hang");
        ids.add("after-1:ok");
        for (var pair : ids) {
            var idAndFlow = pair.split(":");
            var r = api.post("/api/instances", "{\"id\":\"" + idAndFlow[0] + "\",\"flow\":\"" + idAndFlow[1] + "\",\"enabled\":false}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        assertThat(agent.browser().size()).isEqualTo(1);
    }

    @AfterAll
    static void stop() {
        release.countDown();
        agent.close();
        site.close();
        assertThat(agent.browser().processes().all()).as("no driver or Chromium outlives the agent").isEmpty();
    }

    @Test
    void runsOnASlowPageAreAllInFlightAtOnceOnOneWorker() {
        var started = Instant.now();
        var runs = manual.runAllNow(IntStream.rangeClosed(1, SLOW_RUNS).mapToObj(i -> "slow-" + i).toList());

        assertThat(runs).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.SUCCESS));
        assertThat(slowMostInFlight.get()).as("requests the page saw at once").isEqualTo(SLOW_RUNS);
        assertThat(agent.browser().workers().getFirst().capacity()).isEqualTo(16);
        // Each request also took 2 s after they had all arrived: one at a time would take 12 s and more.
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(2L * SLOW_RUNS));
    }

    @Test
    void aRunOnAPageThatNeverAnswersEndsErrorAtItsOwnTimeoutWhileTheRunsBesideItSucceed() throws Exception {
        long before = manual.latestId("hang-1");
        assertThat(api.post("/api/instances/hang-1/run", null).status()).isEqualTo(202);
        assertThat(hangReached.await(30, TimeUnit.SECONDS)).isTrue();

        var beside = manual.runAllNow(List.of("ok-1", "ok-2", "ok-3"));

        assertThat(beside).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.SUCCESS));
        var hung = manual.awaitFinished("hang-1", before);
        assertThat(hung.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(hung.message()).contains("exceeded its 3s timeout");
        // Its own timeout (and at most 1 s for the failure screenshot); the watchdog would cut it at 8 s.
        assertThat(hung.durationMs()).as("its own timeout, not the watchdog's").isBetween(3_000L, 7_500L);
    }

    @Test
    void chromiumKilledWithRunsInFlightEndsExactlyThoseRunsAsErrorAndTheNextRunSucceeds() throws Exception {
        var ids = IntStream.rangeClosed(1, HELD_RUNS).mapToObj(i -> "held-" + i).toList();
        var before = new HashMap<String, Long>();
        ids.forEach(id -> before.put(id, manual.latestId(id)));
        ids.forEach(id -> assertThat(api.post("/api/instances/" + id + "/run", null).status()).isEqualTo(202));
        assertThat(heldArrived.await(30, TimeUnit.SECONDS)).as("all held runs in flight at once").isTrue();
        long restartsBefore = agent.browser().restarts();

        var worker = agent.browser().workers().getFirst();
        var browsers = worker.processes().browsers();
        assertThat(browsers).isNotEmpty();
        browsers.forEach(ProcessHandle::destroyForcibly);

        for (var id : ids) {
            var cut = manual.awaitFinished(id, before.get(id));
            assertThat(cut.outcome()).as(id + ": " + cut.message()).isEqualTo(Outcome.ERROR);
            assertThat(cut.message()).contains("browser");
        }
        var next = manual.runAllNow(List.of("after-1")).getFirst();
        assertThat(next.outcome()).as(next.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(agent.browser().restarts()).isGreaterThan(restartsBefore);
        assertThat(agent.runs().query(new RunQuery(null, null, null, null, 1000)))
                .as("no other run was cut").filteredOn(r -> r.outcome() == Outcome.ERROR)
                .allSatisfy(r -> assertThat(r.instanceId()).isIn(List.of("held-1", "held-2", "held-3", "hang-1")));
    }

    @Test
    void blockedResourcesAndStorageStatesStayPerRunWhileRunsInterleave() {
        var visits = List.of("visit-1", "visit-2", "visit-3");
        var first = manual.runAllNow(visits);
        var second = manual.runAllNow(visits);

        assertThat(first).allSatisfy(r -> assertThat(r.extracted()).as(r.instanceId() + ": " + r.message()).isEqualTo(1.0));
        assertThat(second).allSatisfy(r -> assertThat(r.extracted()).as(r.instanceId() + " saw its own cookie").isEqualTo(2.0));
        assertThat(imageHits.get()).as("block: [image] held while runs shared the worker").isZero();
        assertThat(styleHits.get()).as("stylesheets are not blocked").isEqualTo(6);
    }

    // ---- the pages ---------------------------------------------------------------------------

    private static void slow(HttpExchange ex) throws IOException {
        int now = slowInFlight.incrementAndGet();
        slowMostInFlight.accumulateAndGet(now, Math::max);
        slowAllArrived.countDown();
        hold(slowAllArrived);
        pause(2_000);
        slowInFlight.decrementAndGet();
        TestSite.send(ex, 200, "<p id=m>Thanks for voting!</p>");
    }

    private static void visits(HttpExchange ex) throws IOException {
        int n = 0;
        var cookie = ex.getRequestHeaders().getFirst("Cookie");
        if (cookie != null) {
            n = Arrays.stream(cookie.split(";\\s*")).filter(c -> c.startsWith("visits="))
                    .mapToInt(c -> Integer.parseInt(c.substring(7))).findFirst().orElse(0);
        }
        ex.getResponseHeaders().add("Set-Cookie", "visits=" + (n + 1) + "; Path=/; Max-Age=3600");
        TestSite.send(ex, 200, "<link rel=stylesheet href=/style.css><img src=/img.png><img src=/img.png?2>"
                               + "<p>Visit number <span id=n>" + (n + 1) + "</span></p>");
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // the page's own latency, not a test's synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String flow(String name, String path, String timeout, String steps, String outcome) {
        return "name: " + name + "\ntarget: \"" + site.url(path) + "\"\ntimeout: " + timeout + "\ncooldown: 1h\nsteps:\n  - goto\n"
               + steps + "outcome:\n  " + outcome + "\n";
    }
}
