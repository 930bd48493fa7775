package io.cloudvoter.model.flow;

import java.time.Duration;
import java.util.List;

/** One browser step. Each written in a flow file as a one-key map, e.g. {@code - click: "#vote"}. */
public sealed interface Step {

    /** The name the step has in flow files. */
    String kind();

    /** Load a URL (relative URLs resolve against the flow's target; none means the target itself). */
    record Goto(String url) implements Step {
        public String kind() {
            return "goto";
        }
    }

    /** Click the first of the candidate selectors that is visible. */
    record Click(List<String> selectors, Duration timeout) implements Step {
        public Click {
            selectors = List.copyOf(selectors);
        }

        public String kind() {
            return "click";
        }
    }

    record Fill(String selector, String value) implements Step {
        public String kind() {
            return "fill";
        }
    }

    /** Press a key ({@code Enter}, {@code Control+A}...) in an element, or in the page when no selector. */
    record Press(String selector, String key) implements Step {
        public String kind() {
            return "press";
        }
    }

    /**
     * Wait until a selector is visible or a text appears in the page; exactly one of the two is set.
     * Or, with {@code outcome}, until the page has decided the run: a rate-limit or failure pattern,
     * an HTTP error, or every expectation and a success pattern.
     */
    record WaitFor(String selector, String text, Duration timeout, boolean outcome) implements Step {
        public WaitFor(String selector, String text, Duration timeout) {
            this(selector, text, timeout, false);
        }

        public String kind() {
            return "waitFor";
        }
    }

    /**
     * Read an element's text (or one of its attributes) and keep it as a number (e.g. a vote counter)
     * or as text. With a pattern, the value is its first group; a number without a pattern is the
     * first number in the text ({@code "1,234 votes"} gives 1234).
     *
     * @param attribute read this attribute instead of the visible text; null for the text
     * @param asText    keep the text itself rather than a number
     */
    record Extract(String selector, String name, String pattern, String attribute, boolean asText) implements Step {
        public Extract(String selector, String name, String pattern) {
            this(selector, name, pattern, null, false);
        }

        public String kind() {
            return "extract";
        }
    }

    /** A step whose failure is noted on the run and does not end it ({@code optional: true}). */
    record Optional(Step step) implements Step {
        public String kind() {
            return step.kind();
        }
    }

    /** Save a screenshot of the page into the run's artifacts. */
    record Screenshot(String name, boolean fullPage) implements Step {
        public String kind() {
            return "screenshot";
        }
    }
}
