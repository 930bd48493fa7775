package io.cloudvoter.agent.flow;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.cloudvoter.model.flow.Expectation;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a flow's {@code outcome.expect} against the page at the end of a run (or while
 * {@code waitFor: outcome} waits): none of the checks waits, so each look is quick.
 */
final class Expectations {
    private static final double ATTRIBUTE_READ_MS = 1_000;

    private Expectations() {
    }

    /** The first expectation that does not hold, as the run's message says it; empty when all hold. */
    static Optional<String> firstUnmet(List<Expectation> expect, Page page, RunWatch watch) {
        for (var e : expect) {
            var why = unmet(e, page, watch);
            if (why != null) {
                return Optional.of("expected " + e.describe() + ", but " + why);
            }
        }
        return Optional.empty();
    }

    private static String unmet(Expectation e, Page page, RunWatch watch) {
        return switch (e) {
            case Expectation.Url u -> TextPattern.compile(u.pattern()).find(page.url()).isPresent() ? null
                    : "the page's URL is " + OutcomeReader.excerpt(page.url());
            case Expectation.Response r -> response(r, watch);
            case Expectation.Element el -> element(el, page);
        };
    }

    private static String response(Expectation.Response r, RunWatch watch) {
        var url = TextPattern.compile(r.url());
        var candidates = watch.responses().stream().filter(s -> url.find(s.url()).isPresent())
                .filter(s -> r.method() == null || r.method().equalsIgnoreCase(s.method())).toList();
        if (candidates.stream().anyMatch(s -> s.status() >= r.statusFrom() && s.status() <= r.statusTo())) {
            return null;
        }
        if (candidates.isEmpty()) {
            return "no such response was seen";
        }
        return "it answered " + candidates.stream().map(s -> s.method() + " " + s.status()).distinct().limit(3)
                .collect(Collectors.joining(", "));
    }

    private static String element(Expectation.Element el, Page page) {
        var all = page.locator(el.selector());
        int count = all.count();
        var first = all.first();
        if (el.attribute() != null) {
            if (count == 0) {
                return "there is no such element";
            }
            var value = first.getAttribute(el.attribute(), new Locator.GetAttributeOptions().setTimeout(ATTRIBUTE_READ_MS));
            if (value == null) {
                return "it has no " + el.attribute() + " attribute";
            }
            return el.value() == null || el.value().equals(value) ? null
                    : "its " + el.attribute() + " is \"" + OutcomeReader.excerpt(value) + "\"";
        }
        return switch (el.state()) {
            case "attached" -> count > 0 ? null : "there is no such element";
            case "detached" -> count == 0 ? null : "it is in the page";
            case "hidden" -> count == 0 || !first.isVisible() ? null : "it is visible";
            default -> count > 0 && first.isVisible() ? null : count == 0 ? "there is no such element" : "it is hidden";
        };
    }
}
