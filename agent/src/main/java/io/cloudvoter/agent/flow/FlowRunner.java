package io.cloudvoter.agent.flow;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.Step;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Executes a flow's steps on a page and reads the outcome from the page's visible text.
 *
 * <p>The caller owns the browser, context and page: it creates them, calls {@link #run} on the
 * thread that owns its {@code Playwright} (Playwright is not thread-safe), and closes them after.
 *
 * <p>Contract:
 * <ul>
 *   <li>The page said no (a failure or rate-limit text, an element that never showed, an HTTP error):
 *       {@code FAILED} or {@code RATE_LIMITED}, with the step and the reason.</li>
 *   <li>The run passed {@code deadline}: {@code ERROR} naming the step it was in.</li>
 *   <li>Anything else Playwright refuses (a bad selector or key name) or a screenshot that cannot be
 *       written: {@code ERROR}.</li>
 *   <li>The page, context or browser is gone (closed, crashed, disconnected): the
 *       {@link PlaywrightException} is thrown on, because no result read from a dead page means
 *       anything. The caller marks the run {@code ERROR} and relaunches the browser.</li>
 * </ul>
 * If the flow blocks resource types, a route on the page aborts them for the length of the run.
 * Steps are logged at FINE; values typed by {@code fill} never are, as they may be secrets.
 */
public final class FlowRunner {
    static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);
    /** Reading the text of a page after a failed step only refines the message; it must not take long. */
    private static final Duration FAILURE_READ = Duration.ofSeconds(2);
    private static final Pattern PLAYWRIGHT_MESSAGE = Pattern.compile("message='([^\\n]*)");
    private static final Logger LOG = Logger.getLogger(FlowRunner.class.getName());

    private final Clock clock;
    private final ZoneId zone;

    /** @param zone where a page's "retry at 14:30" is read */
    public FlowRunner(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * @param artifactDir    where screenshots go (created when the first one is taken)
     * @param artifactPrefix start of each screenshot's file name: {@code <prefix>-<name>.png}
     * @throws PlaywrightException only when the page, context or browser is gone
     */
    public FlowResult run(FlowSpec flow, Page page, Instant deadline, Path artifactDir, String artifactPrefix) {
        return run(flow, page, deadline, artifactDir, artifactPrefix, () -> null);
    }

    /**
     * As {@link #run(FlowSpec, Page, Instant, Path, String)}, and stops before the next step when
     * {@code abortReason} gives a reason (an operator's restart, a shutdown): {@code INTERRUPTED}.
     */
    public FlowResult run(FlowSpec flow, Page page, Instant deadline, Path artifactDir, String artifactPrefix,
                          Supplier<String> abortReason) {
        var steps = new PageSteps(page, flow.target(), artifactDir, artifactPrefix);
        var blocker = block(page, flow.block());
        try {
            var result = runSteps(flow, page, deadline, steps, abortReason);
            LOG.fine(() -> flow.name() + ": " + result.outcome() + " - " + result.message());
            return result;
        } finally {
            if (blocker != null && !page.isClosed()) {
                try {
                    page.unroute("**/*", blocker);
                } catch (PlaywrightException e) {
                    // the page went away just now; an exception here would hide the run's own result
                }
            }
        }
    }

    private FlowResult runSteps(FlowSpec flow, Page page, Instant deadline, PageSteps steps, Supplier<String> abortReason) {
        for (int i = 0; i < flow.steps().size(); i++) {
            var step = flow.steps().get(i);
            var where = "step " + (i + 1) + " (" + step.kind() + ")";
            var abort = abortReason.get();
            if (abort != null) {
                return result(Outcome.INTERRUPTED, abort + " (before " + where + ")", null, steps);
            }
            var left = Duration.between(clock.instant(), deadline);
            if (!left.isPositive()) {
                return outOfTime(flow, page, "during " + where, steps);
            }
            var timer = StepTimer.start(stepTimeout(step), left);
            var number = i + 1;
            LOG.fine(() -> flow.name() + ": step " + number + "/" + flow.steps().size() + " " + describe(step));
            try {
                steps.run(step, timer);
            } catch (PageSteps.StepFailed e) {
                if (e.timedOut() && timer.capped()) {
                    return outOfTime(flow, page, "during " + where, steps);
                }
                return pageRefused(flow, page, deadline, where + ": " + e.getMessage(), steps);
            } catch (PlaywrightException e) {
                if (gone(page, e)) {
                    throw e;
                }
                return result(Outcome.ERROR, where + ": " + concise(e), null, steps);
            } catch (IOException e) {
                return result(Outcome.ERROR, where + ": cannot write the screenshot: " + e, null, steps);
            }
        }
        var left = Duration.between(clock.instant(), deadline);
        if (!left.isPositive()) {
            return outOfTime(flow, page, "while reading the outcome", steps);
        }
        var text = pageText(page, min(DEFAULT_STEP_TIMEOUT, left));
        var verdict = OutcomeReader.read(text, flow.outcome(), clock.instant(), zone);
        return result(verdict.outcome(), verdict.message(), verdict.retryAt(), steps);
    }

    /** A step could not finish: the page may say why (rate limit, failure text) better than the step can. */
    private FlowResult pageRefused(FlowSpec flow, Page page, Instant deadline, String failure, PageSteps steps) {
        var left = Duration.between(clock.instant(), deadline);
        var text = pageText(page, min(FAILURE_READ, max(left, Duration.ofMillis(250))));
        return OutcomeReader.refusal(text, flow.outcome(), clock.instant(), zone)
                .map(v -> result(v.outcome(), v.message() + " (" + failure + ")", v.retryAt(), steps))
                .orElseGet(() -> result(Outcome.FAILED, failure, null, steps));
    }

    /** The body's visible text, or "" if it cannot be read in time. */
    private static String pageText(Page page, Duration timeout) {
        try {
            return page.locator("body").innerText(new Locator.InnerTextOptions().setTimeout(Math.max(1, timeout.toMillis())));
        } catch (PlaywrightException e) {
            if (gone(page, e)) {
                throw e;
            }
            return "";
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static FlowResult result(Outcome outcome, String message, Instant retryAt, PageSteps steps) {
        return new FlowResult(outcome, message, steps.extracted(), retryAt, steps.screenshots());
    }

    /**
     * The run is out of time: {@code ERROR}, unless the page already shows the target's rate-limit
     * text, which must still pause the target (its limits are respected even when we were slow).
     */
    private FlowResult outOfTime(FlowSpec flow, Page page, String when, PageSteps steps) {
        var message = "run exceeded its " + Durations.format(flow.timeout()) + " timeout " + when;
        if (!flow.outcome().rateLimit().patterns().isEmpty()) {
            var text = pageText(page, FAILURE_READ);
            var verdict = OutcomeReader.refusal(text, flow.outcome(), clock.instant(), zone);
            if (verdict.isPresent() && verdict.get().outcome() == Outcome.RATE_LIMITED) {
                return result(Outcome.RATE_LIMITED, verdict.get().message() + " (" + message + ")", verdict.get().retryAt(), steps);
            }
        }
        return result(Outcome.ERROR, message, null, steps);
    }

    private static Duration stepTimeout(Step step) {
        var own = switch (step) {
            case Step.Click c -> c.timeout();
            case Step.WaitFor w -> w.timeout();
            default -> null;
        };
        return own == null ? DEFAULT_STEP_TIMEOUT : own;
    }

    private static Consumer<Route> block(Page page, Set<String> types) {
        if (types.isEmpty()) {
            return null;
        }
        Consumer<Route> handler = route -> {
            if (types.contains(route.request().resourceType())) {
                route.abort();
            } else {
                route.fallback(); // lets routes the caller set on the context still apply
            }
        };
        page.route("**/*", handler);
        return handler;
    }

    /** Whether the exception means the page can no longer be used at all. */
    static boolean gone(Page page, PlaywrightException e) {
        var message = String.valueOf(e.getMessage());
        var browser = page.context().browser();
        return page.isClosed()
               || (browser != null && !browser.isConnected())
               || e.getClass().getSimpleName().equals("TargetClosedError")
               || message.contains("has been closed")
               || message.contains("Target crashed")
               || message.contains("Page crashed");
    }

    /** Playwright's messages carry a stack and a call log; the first line of the message is what matters. */
    static String concise(PlaywrightException e) {
        var text = String.valueOf(e.getMessage());
        var m = PLAYWRIGHT_MESSAGE.matcher(text);
        return OutcomeReader.excerpt(m.find() ? m.group(1) : text.lines().findFirst().orElse(""));
    }

    /** What a step does, for the log; never the value a fill types. */
    static String describe(Step step) {
        return switch (step) {
            case Step.Goto g -> "goto " + (g.url() == null ? "the target" : g.url());
            case Step.Click c -> "click " + c.selectors();
            case Step.Fill f -> "fill " + f.selector() + " (value not logged)";
            case Step.Press p -> "press " + p.key() + (p.selector() == null ? "" : " in " + p.selector());
            case Step.WaitFor w -> "waitFor " + (w.selector() != null ? w.selector() : "text \"" + w.text() + "\"");
            case Step.Extract e -> "extract " + e.name() + " from " + e.selector();
            case Step.Screenshot s -> "screenshot " + s.name();
        };
    }
}
