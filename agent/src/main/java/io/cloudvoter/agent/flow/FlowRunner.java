package io.cloudvoter.agent.flow;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.model.api.FlowTry;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.flow.FlowSpec;
import io.cloudvoter.model.flow.Step;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Executes a flow's steps on a page and reads the outcome ({@link OutcomeJudge}).
 *
 * <p>The caller owns the browser, context and page: it creates them, calls {@link #run} holding the
 * page's worker (Playwright is not thread-safe), and closes them after.
 *
 * <p>Contract:
 * <ul>
 *   <li>The page said no (a failure or rate-limit text, an element that never showed, an HTTP error,
 *       an expectation that does not hold): {@code FAILED} or {@code RATE_LIMITED}, with the step and
 *       the reason. A target that does not answer at all is {@code FAILED} with reason {@code unreachable}.</li>
 *   <li>The run passed {@code deadline}: {@code ERROR} naming the step it was in.</li>
 *   <li>Anything else Playwright refuses (a bad selector or key name) or a screenshot that cannot be
 *       written: {@code ERROR}.</li>
 *   <li>An {@code optional} step that fails is noted in the run's message and the run goes on.</li>
 *   <li>The page, context or browser is gone (closed, crashed, disconnected): the
 *       {@link PlaywrightException} is thrown on, because no result read from a dead page means
 *       anything. The caller marks the run {@code ERROR} and relaunches the browser.</li>
 * </ul>
 * If the flow blocks resource types, a route on the page aborts them until the page closes.
 * Steps are logged at FINE; values typed by {@code fill} never are, as they may be secrets.
 */
public final class FlowRunner {
    static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);
    /** Reading the text of a page after a failed step only refines the message; it must not take long. */
    private static final Duration FAILURE_READ = Duration.ofSeconds(2);
    private static final Duration OUTCOME_POLL = Duration.ofMillis(100);
    private static final Pattern PLAYWRIGHT_MESSAGE = Pattern.compile("message='([^\\n]*)");
    private static final Set<Outcome> REACHED = EnumSet.of(Outcome.SUCCESS, Outcome.FAILED, Outcome.RATE_LIMITED);
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
        block(page, flow.block());
        try (var watch = new RunWatch(page)) {
            var run = new Run(flow, page, new PageSteps(page, flow.target(), artifactDir, artifactPrefix),
                    new OutcomeJudge(flow, page, watch, clock, zone));
            var result = run.steps(deadline, abortReason);
            LOG.fine(() -> flow.name() + ": " + result.outcome() + " - " + result.message());
            return result;
        }
    }

    /** One run's state while its steps go: timings, notes of optional steps that failed. */
    private final class Run {
        private final FlowSpec flow;
        private final Page page;
        private final PageSteps steps;
        private final OutcomeJudge judge;
        private final List<FlowTry.StepTiming> timings = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        Run(FlowSpec flow, Page page, PageSteps steps, OutcomeJudge judge) {
            this.flow = flow;
            this.page = page;
            this.steps = steps;
            this.judge = judge;
        }

        FlowResult steps(Instant deadline, Supplier<String> abortReason) {
            for (int i = 0; i < flow.steps().size(); i++) {
                var step = flow.steps().get(i);
                var where = "step " + (i + 1) + " (" + step.kind() + ")";
                var abort = abortReason.get();
                if (abort != null) {
                    return result(Outcome.INTERRUPTED, abort + " (before " + where + ")", null, null);
                }
                var left = Duration.between(clock.instant(), deadline);
                if (!left.isPositive()) {
                    return outOfTime("during " + where);
                }
                var stop = step(i + 1, step, where, StepTimer.start(stepTimeout(step), left), deadline);
                if (stop != null) {
                    return stop;
                }
            }
            var left = Duration.between(clock.instant(), deadline);
            if (!left.isPositive()) {
                return outOfTime("while reading the outcome");
            }
            var verdict = judge.atEnd(pageText(page, min(DEFAULT_STEP_TIMEOUT, left)));
            return result(verdict.outcome(), verdict.message(), verdict.retryAt(), verdict.reason());
        }

        /** Runs one step; returns the run's result when the step ends the run, null when it goes on. */
        private FlowResult step(int number, Step step, String where, StepTimer timer, Instant deadline) {
            boolean optional = step instanceof Step.Optional;
            var actual = step instanceof Step.Optional o ? o.step() : step;
            LOG.fine(() -> flow.name() + ": step " + number + "/" + flow.steps().size() + " " + describe(actual));
            long start = System.nanoTime();
            try {
                if (actual instanceof Step.WaitFor w && w.outcome()) {
                    waitForOutcome(timer);
                } else {
                    steps.run(actual, timer);
                }
                timed(number, actual, start, null);
                return null;
            } catch (PageSteps.StepFailed e) {
                timed(number, actual, start, e.getMessage());
                if (optional) {
                    notes.add("optional " + where + " did not hold: " + e.getMessage());
                    return null;
                }
                if (e.timedOut() && timer.capped()) {
                    return outOfTime("during " + where);
                }
                if (e.unreachable()) {
                    return result(Outcome.FAILED, "unreachable: " + where + ": " + e.getMessage(), null, FlowResult.UNREACHABLE);
                }
                return pageRefused(deadline, where + ": " + e.getMessage());
            } catch (PlaywrightException e) {
                if (gone(page, e)) {
                    throw e;
                }
                timed(number, actual, start, concise(e));
                if (optional) {
                    notes.add("optional " + where + " failed: " + concise(e));
                    return null;
                }
                return result(Outcome.ERROR, where + ": " + concise(e), null, null);
            } catch (IOException e) {
                timed(number, actual, start, "cannot write the screenshot: " + e.getMessage());
                return result(Outcome.ERROR, where + ": cannot write the screenshot: " + e, null, null);
            }
        }

        /** Until the page decides the run (see {@link OutcomeJudge#decided}), looking every 100 ms. */
        private void waitForOutcome(StepTimer timer) {
            while (true) {
                var text = pageText(page, min(FAILURE_READ, max(timer.remaining(), Duration.ofMillis(1))));
                if (judge.decided(text)) {
                    return;
                }
                if (timer.expired()) {
                    throw new PageSteps.StepFailed("the page did not decide the run within " + timer.limitText(), true);
                }
                page.waitForTimeout(Math.min(OUTCOME_POLL.toMillis(), timer.millis()));
            }
        }

        private void timed(int number, Step step, long startNanos, String failure) {
            long ms = (System.nanoTime() - startNanos) / 1_000_000;
            timings.add(new FlowTry.StepTiming(number, step.kind(), describe(step), ms, failure == null, failure));
        }

        /** A step could not finish: the page may say why (rate limit, failure text) better than the step can. */
        private FlowResult pageRefused(Instant deadline, String failure) {
            var left = Duration.between(clock.instant(), deadline);
            var text = pageText(page, min(FAILURE_READ, max(left, Duration.ofMillis(250))));
            return judge.refusal(text)
                    .map(v -> result(v.outcome(), v.message() + " (" + failure + ")", v.retryAt(), null))
                    .orElseGet(() -> result(Outcome.FAILED, failure, null, null));
        }

        /**
         * The run is out of time: {@code ERROR}, unless the page already shows the target's rate-limit
         * text, which must still pause the target (its limits are respected even when we were slow).
         */
        private FlowResult outOfTime(String when) {
            var message = "run exceeded its " + Durations.format(flow.timeout()) + " timeout " + when;
            if (!flow.outcome().rateLimit().patterns().isEmpty()) {
                var verdict = judge.refusal(pageText(page, FAILURE_READ));
                if (verdict.isPresent() && verdict.get().outcome() == Outcome.RATE_LIMITED) {
                    return result(Outcome.RATE_LIMITED, verdict.get().message() + " (" + message + ")", verdict.get().retryAt(), null);
                }
            }
            return result(Outcome.ERROR, message, null, FlowResult.TIMEOUT);
        }

        private FlowResult result(Outcome outcome, String message, Instant retryAt, String reason) {
            var full = notes.isEmpty() ? message : message + "; " + String.join("; ", notes);
            boolean reached = REACHED.contains(outcome) && !FlowResult.UNREACHABLE.equals(reason);
            return new FlowResult(outcome, full, steps.extracted(), retryAt, steps.screenshots(), reason, steps.values(),
                    timings, reached);
        }
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

    private static Duration stepTimeout(Step step) {
        var actual = step instanceof Step.Optional o ? o.step() : step;
        var own = switch (actual) {
            case Step.Click c -> c.timeout();
            case Step.WaitFor w -> w.timeout();
            default -> null;
        };
        return own == null ? DEFAULT_STEP_TIMEOUT : own;
    }

    /**
     * The flow's blocked resource types are aborted for as long as the page lives (no unroute at the
     * end: what the page fetches after the steps, while its state is read, stays blocked too).
     */
    private static void block(Page page, Set<String> types) {
        if (types.isEmpty()) {
            return;
        }
        Consumer<Route> handler = route -> {
            if (types.contains(route.request().resourceType())) {
                route.abort();
            } else {
                route.fallback(); // lets routes the caller set on the context still apply
            }
        };
        page.route("**/*", handler);
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
    public static String describe(Step step) {
        return switch (step) {
            case Step.Goto g -> "goto " + (g.url() == null ? "the target" : g.url());
            case Step.Click c -> "click " + c.selectors();
            case Step.Fill f -> "fill " + f.selector() + " (value not logged)";
            case Step.Press p -> "press " + p.key() + (p.selector() == null ? "" : " in " + p.selector());
            case Step.WaitFor w -> w.outcome() ? "waitFor outcome"
                    : "waitFor " + (w.selector() != null ? w.selector() : "text \"" + w.text() + "\"");
            case Step.Extract e -> "extract " + e.name() + " from " + e.selector() + (e.attribute() == null ? "" : " @" + e.attribute());
            case Step.Screenshot s -> "screenshot " + s.name();
            case Step.Optional o -> describe(o.step()) + " (optional)";
        };
    }
}
