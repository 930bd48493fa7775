package io.cloudvoter.agent.flow;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.cloudvoter.model.flow.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Playwright calls behind each step kind, for one run on one page. A step that cannot finish
 * because of the page throws {@link StepFailed}; anything else Playwright throws is passed on.
 */
final class PageSteps {
    private static final Locator.FilterOptions VISIBLE = new Locator.FilterOptions().setVisible(true);
    private static final double POLL_MILLIS = 100;
    /** Chromium's errors for a target that does not answer at all (not a page's refusal, not a certificate). */
    private static final java.util.regex.Pattern UNREACHABLE = java.util.regex.Pattern.compile(
            "net::ERR_(CONNECTION_(REFUSED|RESET|CLOSED|FAILED|TIMED_OUT)|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|TIMED_OUT"
            + "|ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED|EMPTY_RESPONSE|NETWORK_CHANGED)\\b");

    /** The page did not let the step finish; the message says what was missing, without the step number. */
    static final class StepFailed extends RuntimeException {
        private final boolean timedOut;
        private final boolean unreachable;

        StepFailed(String message, boolean timedOut) {
            this(message, timedOut, false);
        }

        /** @param unreachable the target did not answer at all (refused, no such host, no answer in time) */
        StepFailed(String message, boolean timedOut, boolean unreachable) {
            super(message, null, false, false);
            this.timedOut = timedOut;
            this.unreachable = unreachable;
        }

        boolean timedOut() {
            return timedOut;
        }

        boolean unreachable() {
            return unreachable;
        }
    }

    private final Page page;
    private final String target;
    private final Path artifactDir;
    private final String artifactPrefix;
    private final List<Path> screenshots = new ArrayList<>();
    private final java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
    private Double extracted;

    PageSteps(Page page, String target, Path artifactDir, String artifactPrefix) {
        this.page = page;
        this.target = target;
        this.artifactDir = artifactDir;
        this.artifactPrefix = artifactPrefix;
    }

    Double extracted() {
        return extracted;
    }

    /** Every extract that ran, by name, as read. */
    java.util.Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    List<Path> screenshots() {
        return List.copyOf(screenshots);
    }

    void run(Step step, StepTimer timer) throws IOException {
        switch (step) {
            case Step.Goto g -> go(g.url() == null ? target : g.url(), timer);
            case Step.Click c -> click(c.selectors(), timer);
            case Step.Fill f -> within(timer, f.selector() + " could not be filled", () ->
                    visible(f.selector()).fill(f.value(), new Locator.FillOptions().setTimeout(timer.millis())));
            case Step.Press p -> press(p, timer);
            case Step.WaitFor w -> {
                var what = w.selector() != null ? w.selector() + " did not become visible" : "text \"" + w.text() + "\" did not appear";
                var locator = (w.selector() != null ? page.locator(w.selector()) : page.getByText(w.text())).filter(VISIBLE).first();
                within(timer, what, () -> locator.waitFor(new Locator.WaitForOptions()
                        .setState(WaitForSelectorState.VISIBLE).setTimeout(timer.millis())));
            }
            case Step.Extract e -> extract(e, timer);
            case Step.Screenshot s -> screenshot(s, timer);
            case Step.Optional o -> run(o.step(), timer);
        }
    }

    private void go(String url, StepTimer timer) {
        com.microsoft.playwright.Response response;
        try {
            response = page.navigate(url, new Page.NavigateOptions().setTimeout(timer.millis()));
        } catch (TimeoutError e) {
            // Within its own timeout the target never answered: it is down or overloaded (when the run's
            // time ran out instead, the run is out of time, which FlowRunner says).
            throw new StepFailed(url + " did not load within " + timer.limitText(), true, !timer.capped());
        } catch (PlaywrightException e) {
            // DNS, refused connection, TLS: the target is not answering, which is its side of things.
            var message = String.valueOf(e.getMessage());
            if (message.contains("net::ERR_") && !page.isClosed()) {
                throw new StepFailed("could not load " + url + ": " + FlowRunner.concise(e), false, UNREACHABLE.matcher(message).find());
            }
            throw e;
        }
        if (response != null && response.status() >= 400) {
            throw new StepFailed(url + " answered HTTP " + response.status(), false);
        }
    }

    /** Checks every candidate quickly, again and again, so a missing first one does not eat the whole timeout. */
    private void click(List<String> selectors, StepTimer timer) {
        while (true) {
            for (var selector : selectors) {
                var candidate = page.locator(selector).filter(VISIBLE).first();
                if (candidate.isVisible()) {
                    within(timer, selector + " was visible but could not be clicked",
                            () -> candidate.click(new Locator.ClickOptions().setTimeout(timer.millis())));
                    return;
                }
            }
            if (timer.expired()) {
                throw new StepFailed("none of " + selectors + " became visible within " + timer.limitText(), true);
            }
            page.waitForTimeout(Math.min(POLL_MILLIS, timer.millis()));
        }
    }

    private void press(Step.Press p, StepTimer timer) {
        if (p.selector() == null) {
            page.keyboard().press(p.key());
            return;
        }
        within(timer, "could not press " + p.key() + " in " + p.selector(), () ->
                visible(p.selector()).press(p.key(), new Locator.PressOptions().setTimeout(timer.millis())));
    }

    private void extract(Step.Extract e, StepTimer timer) {
        var element = page.locator(e.selector()).first();
        String text;
        if (e.attribute() != null) {
            text = within(timer, e.selector() + " did not appear", () ->
                    element.getAttribute(e.attribute(), new Locator.GetAttributeOptions().setTimeout(timer.millis())));
            if (text == null) {
                throw new StepFailed(e.name() + ": " + e.selector() + " has no " + e.attribute() + " attribute", false);
            }
        } else {
            text = within(timer, e.selector() + " did not appear", () ->
                    element.innerText(new Locator.InnerTextOptions().setTimeout(timer.millis())));
        }
        if (e.asText()) {
            var reading = OutcomeReader.text(text, e.pattern());
            if (reading.value() == null) {
                throw new StepFailed(e.name() + ": " + reading.problem(), false);
            }
            values.put(e.name(), reading.value());
            return;
        }
        var reading = OutcomeReader.number(text, e.pattern());
        if (reading.value() == null) {
            throw new StepFailed(e.name() + ": " + reading.problem(), false);
        }
        extracted = reading.value();
        values.put(e.name(), OutcomeReader.plain(reading.value()));
    }

    private void screenshot(Step.Screenshot s, StepTimer timer) throws IOException {
        Files.createDirectories(artifactDir);
        var file = artifactDir.resolve(artifactPrefix + "-" + s.name() + ".png");
        within(timer, "screenshot " + s.name() + " was not taken", () -> page.screenshot(new Page.ScreenshotOptions()
                .setPath(file).setFullPage(s.fullPage()).setTimeout(timer.millis())));
        screenshots.add(file);
    }

    private Locator visible(String selector) {
        return page.locator(selector).filter(VISIBLE).first();
    }

    private static void within(StepTimer timer, String what, Runnable call) {
        within(timer, what, () -> {
            call.run();
            return null;
        });
    }

    /** Turns Playwright's timeout into a sentence about the page, e.g. "#message did not become visible within 5s". */
    private static <T> T within(StepTimer timer, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (TimeoutError e) {
            throw new StepFailed(what + " within " + timer.limitText(), true);
        }
    }
}
