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

    /** Wait until a selector is visible or a text appears in the page; exactly one of the two is set. */
    record WaitFor(String selector, String text, Duration timeout) implements Step {
        public String kind() {
            return "waitFor";
        }
    }

    /**
     * Read an element's text and turn it into a number (e.g. a vote counter). With a pattern, the
     * number is its first group; without, the first number in the text ({@code "1,234 votes"} gives 1234).
     */
    record Extract(String selector, String name, String pattern) implements Step {
        public String kind() {
            return "extract";
        }
    }

    /** Save a screenshot of the page into the run's artifacts. */
    record Screenshot(String name, boolean fullPage) implements Step {
        public String kind() {
            return "screenshot";
        }
    }
}
