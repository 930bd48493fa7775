package io.cloudvoter.agent.run;

import com.sun.net.httpserver.HttpExchange;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.history.RunQuery;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.ManualRuns;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.model.api.FlowTry;
import io.cloudvoter.model.api.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a flow can tell beyond a page's visible text, against pages this test serves: a response
 * seen during the run, an error page ending {@code waitFor: outcome} at once, extracts of text and
 * attributes, optional steps, a vote kept although a later step failed, a selector Playwright
 * cannot parse, and a try that records nothing.
 */
class FlowOutcomesTest {
    @TempDir
    static Path dir;
    static TestSite site;
    static Agent agent;
    static Api api;
    static ManualRuns manual;
    static final AtomicInteger votesPosted = new AtomicInteger();

    /** The page's text is the same before and after the vote: only the POST tells them apart. */
    static final String SILENT_POLL = "<p id=t>Which pet?</p><button id=vote onclick=\"fetch('/vote',{method:'POST'})"
            + ".then(()=>document.body.dataset.voted='yes')\">Vote</button><a id=more href=\"/more?ref=poll\">more</a>";

    @BeforeAll
    static void start() {
        site = new TestSite()
                .html("/silent", SILENT_POLL)
                .page("/vote", FlowOutcomesTest::vote)
                .html("/form", "<form method=post action=/fail><button id=go>Vote</button></form>")
                .page("/fail", ex -> {
                    ex.getRequestBody().readAllBytes();
                    TestSite.send(ex, 500, "<h1>Internal Server Error</h1>");
                })
                .page("/cookie-vote", ex -> {
                    ex.getResponseHeaders().add("Set-Cookie", "voter=ann-42; Path=/; Max-Age=3600");
                    TestSite.send(ex, 200, "<p>Thanks for voting!</p>");
                })
                .html("/results", "<h2 id=title>Cats win</h2><a id=link href=\"/cats\" data-id=7>cats</a><p id=n>1,234 votes</p>")
                .html("/selector", "<button name=vote>Vote</button>");
        var flows = new HashMap<String, String>();
        flows.put("silent.yaml", flow("silent", "/silent", """
                  - click: "#vote"
                  - waitFor: outcome
                """, """
                  expect:
                    - response: { url: "/vote", method: POST, status: 200-299 }
                    - element: { selector: "body", attribute: data-voted, value: "yes" }
                """));
        flows.put("silent-no-click.yaml", flow("silent-no-click", "/silent", "", """
                  expect:
                    - response: { url: "/vote", method: POST }
                """));
        flows.put("error-page.yaml", flow("error-page", "/form", """
                  - click: "#go"
                  - waitFor: outcome
                """, "  success: [\"Thanks\"]\n"));
        flows.put("kept-vote.yaml", flow("kept-vote", "/cookie-vote", """
                  - click: { selectors: ["#missing-counter"], timeout: 1s }
                """, "  success: [\"Thanks\"]\n"));
        flows.put("reads.yaml", flow("reads", "/results", """
                  - extract: { selector: "#title", name: title, as: text }
                  - extract: { selector: "#link", name: href, attribute: href, as: text }
                  - extract: { selector: "#n", name: votes }
                  - click: { selectors: ["#cookie-banner-accept"], timeout: 1s }
                    optional: true
                """, """
                  expect:
                    - url: "/results$"
                    - element: { selector: "#title", state: visible }
                    - element: { selector: "#gone", state: detached }
                """).replace("timeout: 20s", "timeout: 30s"));
        flows.put("bad-selector.yaml", flow("bad-selector", "/selector", "  - click: \"button[name=vote\"\n", ""));
        agent = TestAgents.startQuiet(dir, flows);
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        manual = new ManualRuns(agent, api, Duration.ofSeconds(60));
        for (var id : List.of("silent", "silent-no-click", "error-page", "kept-vote", "reads", "bad-selector")) {
            var r = api.post("/api/instances", "{\"id\":\"" + id + "\",\"flow\":\"" + id + "\",\"enabled\":false}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        agent.close();
        site.close();
    }

    @Test
    void aPageWhoseTextNeverChangesSucceedsOnlyWhenTheVoteWasSeen() {
        var voted = manual.runNow("silent");
        assertThat(voted.outcome()).as(voted.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(voted.message()).isEqualTo("every expectation held (2)");
        assertThat(votesPosted.get()).isPositive();

        var idle = manual.runNow("silent-no-click");
        assertThat(idle.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(idle.reason()).isEqualTo("expect");
        assertThat(idle.message()).isEqualTo("expected response POST /vote 200-399, but no such response was seen");
    }

    @Test
    void anErrorPageEndsWaitForOutcomeAtOnce() {
        var run = manual.runNow("error-page");
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.message()).startsWith("none of the success patterns matched; page says: Internal Server Error");
        // The step's own timeout is 10 s: the page decided long before.
        assertThat(run.durationMs()).isLessThan(5_000L);
    }

    @Test
    void aVoteThatWentThroughKeepsItsCookiesThoughALaterStepFailed() throws IOException {
        var run = manual.runNow("kept-vote");
        assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(run.message()).contains("none of [#missing-counter] became visible");
        assertThat(Files.readString(dir.resolve("state/kept-vote.json"))).contains("voter").contains("ann-42");
    }

    @Test
    void extractsKeepTextsAndAttributesAndAnOptionalStepThatFailsIsOnlyNoted() {
        var run = manual.runNow("reads");
        assertThat(run.outcome()).as(run.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(run.values()).containsEntry("title", "Cats win").containsEntry("href", "/cats").containsEntry("votes", "1234");
        assertThat(run.extracted()).isEqualTo(1234.0);
        assertThat(run.message()).contains("every expectation held (3)")
                .contains("optional step 5 (click) did not hold: none of [#cookie-banner-accept] became visible");
        var csv = api.get("/api/runs.csv?instance=reads").body();
        assertThat(csv).contains("title=Cats win; href=/cats; votes=1234");
    }

    @Test
    void aSelectorPlaywrightCannotParseMakesTheFlowAFlowErrorNotARunError() {
        long before = manual.latestId("bad-selector");
        // Checked before its first run, or already once a browser was up after the flow loaded.
        var asked = api.post("/api/instances/bad-selector/run", null);
        assertThat(asked.status()).as(asked.body()).isIn(202, 409);
        var status = await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/instances/bad-selector").json(),
                s -> "INVALID".equals(s.path("state").asText()));
        assertThat(status.path("problem").asText()).contains("no valid flow 'bad-selector'");
        assertThat(manual.latestId("bad-selector")).as("no run was recorded").isEqualTo(before);
        var problems = api.get("/api/flows").json().path("errors").toString();
        assertThat(problems).contains("bad-selector.yaml").contains("steps[1].click").contains("Playwright cannot use the selector");
        assertThat(api.post("/api/instances/bad-selector/run", null).status()).as("refused while invalid").isEqualTo(409);
    }

    @Test
    void aTryRunsTheFlowOnceRecordsNothingAndSavesNoState() throws IOException {
        long runsBefore = agent.runs().query(new RunQuery(null, null, null, null, 500)).size();
        var answer = api.post("/api/flows/kept-vote/try?instance=reads", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var tried = answer.as(FlowTry.class);
        assertThat(tried.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(tried.instanceId()).isEqualTo("reads");
        assertThat(tried.steps()).extracting(FlowTry.StepTiming::kind).containsExactly("goto", "click");
        assertThat(tried.steps().getFirst().ok()).isTrue();
        assertThat(tried.steps().get(1).ok()).isFalse();
        assertThat(Base64.getDecoder().decode(tried.screenshot())).startsWith(0x89, 'P', 'N', 'G');
        assertThat(agent.runs().query(new RunQuery(null, null, null, null, 500))).as("nothing recorded").hasSize((int) runsBefore);
        assertThat(dir.resolve("state/reads.json")).as("its state is not saved back").doesNotExist();

        var yaml = flow("scratch", "/results", "  - extract: { selector: \"#title\", name: title, as: text }\n", "  success: [\"Cats\"]\n");
        var fromBody = api.post("/api/flows/try", "application/yaml", yaml);
        assertThat(fromBody.status()).as(fromBody.body()).isEqualTo(200);
        assertThat(fromBody.as(FlowTry.class).values()).containsEntry("title", "Cats win");

        var broken = api.post("/api/flows/try", "application/yaml", "target: https://example.org/\nsteps: [clik]\n");
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.json().path("problems").get(0).path("field").asText()).isEqualTo("steps[0]");
        assertThat(api.post("/api/flows/nope/try", null).status()).isEqualTo(404);
        assertThat(api.post("/api/flows/reads/try?instance=nobody", null).status()).isEqualTo(404);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void vote(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        if ("POST".equals(ex.getRequestMethod())) {
            votesPosted.incrementAndGet();
        }
        ex.sendResponseHeaders(204, -1);
        ex.close();
    }

    private static String flow(String name, String path, String steps, String outcome) {
        return "name: " + name + "\ntarget: \"" + site.url(path) + "\"\ntimeout: 20s\ncooldown: 1h\nsteps:\n  - goto\n"
               + steps + (outcome.isBlank() ? "" : "outcome:\n" + outcome);
    }
}
