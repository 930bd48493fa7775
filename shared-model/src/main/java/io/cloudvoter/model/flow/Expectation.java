package io.cloudvoter.model.flow;

/**
 * What must hold at the end of a run, beyond the page's visible text ({@code outcome.expect}). Every
 * expectation of a flow must hold for {@code SUCCESS}; the first that does not makes the run
 * {@code FAILED}, naming it.
 */
public sealed interface Expectation {

    /** What the expectation says, for the run's message: {@code response POST /vote 200-299}. */
    String describe();

    /**
     * A response seen during the run.
     *
     * @param url    pattern found in the response's URL (like outcome patterns: case-insensitive, anywhere)
     * @param method {@code GET}, {@code POST}…; null for any
     */
    record Response(String url, String method, int statusFrom, int statusTo) implements Expectation {
        public String describe() {
            return "response " + (method == null ? "" : method + " ") + url + " "
                   + (statusFrom == statusTo ? Integer.toString(statusFrom) : statusFrom + "-" + statusTo);
        }
    }

    /** The page's URL at the end matches {@code pattern}. */
    record Url(String pattern) implements Expectation {
        public String describe() {
            return "url " + pattern;
        }
    }

    /**
     * An element in the page at the end: in a state ({@code visible}, {@code hidden}, {@code attached},
     * {@code detached}), or carrying an attribute (with a value, when given).
     */
    record Element(String selector, String state, String attribute, String value) implements Expectation {
        public String describe() {
            if (attribute != null) {
                return "element " + selector + " with " + attribute + (value == null ? "" : "=\"" + value + "\"");
            }
            return "element " + selector + " " + state;
        }
    }
}
