package io.cloudvoter.agent.flow;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.OutcomeRules;
import io.cloudvoter.model.flow.RateLimitRule;
import io.cloudvoter.model.flow.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real Chromium against pages this test serves. One browser for the class; a new context per test. */
class FlowRunnerTest {
    static final Instant NOW = Instant.parse("2026-06-15T08:00:00Z");
    static final OutcomeRules DEMO_RULES = new OutcomeRules(List.of("Thanks for voting"), List.of("Voting is closed"),
            new RateLimitRule(List.of("Too many votes"), "Try again in (\\d+) (seconds?|minutes?)", null));
    static final String VOTE_FORM = """
            <p id="count">Votes so far: 17</p>
            <form method="post" action="/thanks"><button id="vote" type="submit">Vote for Margherita</button></form>""";
    static final String THANKS = "<p id=\"message\">Thanks for voting!</p><p id=\"count\">Votes so far: 18</p>";
    static final String LIMITED = "<p id=\"message\">Too many votes. Try again in 42 seconds.</p>";

    static Playwright playwright;
    static Browser browser;
    static TestSite site;

    @TempDir
    Path artifacts;

    /** A fixed clock: retry times are exact, and step waits (measured on their own) stay bounded. */
    private final FlowRunner runner = new FlowRunner(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);

    @BeforeAll
    static void launch() throws IOException {
        site = TestSite.start()
                .html("/vote", VOTE_FORM)
                .html("/thanks", THANKS)
                .html("/limited-form", VOTE_FORM.replace("/thanks", "/limited"))
                .html("/limited", 429, LIMITED)
                .html("/closed", "<p id=\"message\">Voting is closed until Monday.</p>")
                .html("/plain", "<p>Nothing to vote on here.</p>")
                .html("/busy", "<p>Too many votes. Try again in 2 minutes.</p>")
                .html("/broken", 500, "<p>Internal error</p>")
                .html("/fallback", """
                        <form method="post" action="/wrong"><button id="vote" style="display:none">Vote</button></form>
                        <form method="post" action="/thanks"><button>Vote now</button></form>""")
                .html("/greet", """
                        <form id="f"><input id="name"></form><p id="out"></p>
                        <script>document.getElementById('f').onsubmit = e => { e.preventDefault();
                          document.getElementById('out').textContent = 'Hello ' + document.getElementById('name').value; };</script>""")
                .html("/picture", "<img src=\"/pixel.png\"><p id=\"message\">Thanks for voting!</p>")
                .bytes("/pixel.png", "image/png", Base64.getDecoder().decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))
                .html("/closing", "<script>setTimeout(() => fetch('/boom').catch(() => {}), 200)</script>");
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = launchChromium();
    }

    static Browser launchChromium() {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of("/usr/bin/chromium-headless-shell"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic")));
    }

    @AfterAll
    static void shutDown() {
        if (playwright != null) {
            playwright.close(); // closes the browser too
        }
        if (site != null) {
            site.close();
        }
    }

    static FlowSpec flow(String path, OutcomeRules rules, Step... steps) {
        return new FlowSpec("test", site.url(path), Duration.ofSeconds(20), Duration.ofSeconds(10), List.of(steps), rules, Set.of(), false);
    }

    private FlowResult run(FlowSpec flow) {
        return run(flow, browser, runner, NOW.plus(flow.timeout()));
    }

    private FlowResult run(FlowSpec flow, Browser on, FlowRunner with, Instant deadline) {
        var context = on.newContext();
        try {
            return with.run(flow, context.newPage(), deadline, artifacts, "run1");
        } finally {
            if (on.isConnected()) {
                context.close();
            }
        }
    }

    static Step.Goto go() {
        return new Step.Goto(null);
    }

    static Step.Click click(Duration timeout, String... selectors) {
        return new Step.Click(List.of(selectors), timeout);
    }

    static Step.WaitFor waitFor(String selector) {
        return new Step.WaitFor(selector, null, null);
    }

    @Test
    void votesReadsSuccessExtractsTheCountAndSavesTheScreenshot() throws IOException {
        var result = run(flow("/vote", DEMO_RULES, go(), click(null, "#vote"), waitFor("#message"),
                new Step.Extract("#count", "votes", null), new Step.Screenshot("after-vote", false)));

        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(result.message()).isEqualTo("page says \"Thanks for voting!\"");
        assertThat(result.extracted()).isEqualTo(18.0);
        assertThat(result.screenshots()).containsExactly(artifacts.resolve("run1-after-vote.png"));
        assertThat(Files.readAllBytes(result.screenshots().getFirst())).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void failureTextOnThePageIsFailed() {
        var result = run(flow("/closed", DEMO_RULES, go(), waitFor("#message")));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.message()).isEqualTo("page says \"Voting is closed until Monday.\"");
    }

    @Test
    void rateLimitAnswerGivesTheRetryTimeFromThePage() {
        var result = run(flow("/limited-form", DEMO_RULES, go(), click(null, "#vote"), waitFor("#message")));

        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.retryAt()).isEqualTo(NOW.plusSeconds(42));
    }

    @Test
    void clickFallsBackToTheFirstVisibleCandidateWithoutWaitingOutTheFirst() {
        long start = System.nanoTime();

        var result = run(flow("/fallback", DEMO_RULES, go(), click(Duration.ofSeconds(5), "#vote", "button:has-text('Vote')"),
                waitFor("#message")));

        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(site.hits("/wrong")).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void missingElementFailsNamingTheStepAndItsCandidates() {
        var result = run(flow("/plain", DEMO_RULES, go(), click(Duration.ofSeconds(1), "#a", "#b")));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.message()).isEqualTo("step 2 (click): none of [#a, #b] became visible within 1s");
    }

    @Test
    void rateLimitTextOnThePageWhenAStepFailsIsRateLimited() {
        var result = run(flow("/busy", DEMO_RULES, go(), click(Duration.ofMillis(500), "#vote")));

        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(result.retryAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(result.message()).contains("Too many votes").contains("step 2 (click)");
    }

    @Test
    void httpErrorOnNavigationFailsTheStep() {
        var result = run(flow("/broken", DEMO_RULES, go(), waitFor("#message")));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.message()).isEqualTo("step 1 (goto): " + site.url("/broken") + " answered HTTP 500");
    }

    @Test
    void selectorPlaywrightCannotParseIsAnErrorOnOurSideNotAFailure() {
        var result = run(flow("/vote", DEMO_RULES, go(), click(Duration.ofSeconds(1), "button:has-text(")));

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.message()).startsWith("step 2 (click): ").contains("while parsing css selector").doesNotContain("\n");
    }

    @Test
    void runPastItsDeadlineIsAnErrorNamingTheStep() {
        var clock = Clock.systemUTC();
        var slow = new FlowSpec("slow", site.url("/plain"), Duration.ofMillis(1500), Duration.ofSeconds(10),
                List.of(go(), waitFor("#message")), DEMO_RULES, Set.of(), false);
        long start = System.nanoTime();

        var result = run(slow, browser, new FlowRunner(clock, ZoneOffset.UTC), clock.instant().plus(slow.timeout()));

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.message()).isEqualTo("run exceeded its 1s500ms timeout during step 2 (waitFor)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void fillsAndPressesKeysWithoutLoggingTheFilledValue() {
        var logger = Logger.getLogger(FlowRunner.class.getName());
        var logged = new CopyOnWriteArrayList<String>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        var level = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
        try {
            var result = run(flow("/greet", new OutcomeRules(List.of("Hello s3cret-Ann"), List.of(), RateLimitRule.none()),
                    go(), new Step.Fill("#name", "s3cret-Ann"), new Step.Press("#name", "Enter"),
                    new Step.WaitFor(null, "Hello", Duration.ofSeconds(5))));

            assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.SUCCESS);
            assertThat(logged).anyMatch(m -> m.contains("fill #name")).noneMatch(m -> m.contains("s3cret-Ann") && m.contains("fill"));
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
    }

    @Test
    void blockedResourceTypesAreNeverRequested() {
        var flow = flow("/picture", DEMO_RULES, go(), waitFor("#message"));
        var blocking = new FlowSpec(flow.name(), flow.target(), flow.timeout(), flow.cooldown(), flow.steps(), flow.outcome(),
                Set.of("image"), false);

        var result = run(blocking);

        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.SUCCESS);
        assertThat(site.hits("/pixel.png")).isZero();
    }

    @Test
    void browserClosedMidRunIsThrownForTheCallerToRelaunch() {
        var doomed = launchChromium();
        var context = doomed.newContext();
        var page = context.newPage();
        // Handlers run on this thread while the runner waits in Playwright, so closing here is safe.
        page.onRequest(request -> {
            if (request.url().endsWith("/boom")) {
                doomed.close();
            }
        });
        var flow = flow("/closing", DEMO_RULES, go(), waitFor("#never"));

        assertThatThrownBy(() -> runner.run(flow, page, NOW.plusSeconds(20), artifacts, "run1"))
                .isInstanceOf(PlaywrightException.class)
                .hasMessageContaining("closed");
        assertThat(doomed.isConnected()).isFalse();
    }
}
