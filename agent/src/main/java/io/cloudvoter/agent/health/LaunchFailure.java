package io.cloudvoter.agent.health;

import io.cloudvoter.agent.browser.BrowserWorker;
import io.cloudvoter.agent.browser.BrowserUnavailableException;
import io.cloudvoter.agent.browser.LaunchLog;

import java.util.ArrayList;
import java.util.regex.Pattern;

/**
 * Why the browser would not start, in one line a health check can show. Playwright's own messages
 * start with {@code Error {} and bury the reason in a call log: the reason is its {@code message='…'},
 * what the browser printed on stderr, and its exit code.
 */
final class LaunchFailure {
    private static final Pattern MESSAGE = Pattern.compile("message='([^\\n']*)");
    private static final int MAX = 400;

    private LaunchFailure() {
    }

    static String describe(Throwable failure) {
        var t = BrowserWorker.cause(failure);
        if (t instanceof BrowserUnavailableException && t.getMessage() != null && t.getMessage().startsWith("cannot reach the browser node")) {
            return clip(t.getMessage()); // already one line, without the URL's secrets
        }
        if (t instanceof BrowserUnavailableException && t.getCause() != null && t.getCause().getMessage() != null) {
            String head = BrowserWorker.firstLine(t.getMessage());
            int colon = head.indexOf("): ");
            String prefix = colon > 0 ? head.substring(0, colon + 3) : "";
            return clip(prefix + summary(t.getCause().getMessage()));
        }
        return clip(t.getMessage() == null ? t.getClass().getSimpleName() : summary(t.getMessage()));
    }

    static String summary(String playwrightMessage) {
        var parts = new ArrayList<String>();
        var m = MESSAGE.matcher(playwrightMessage);
        parts.add(m.find() ? m.group(1).strip() : BrowserWorker.firstLine(playwrightMessage));
        var said = LaunchLog.STDERR.matcher(playwrightMessage).results().map(r -> r.group(1).strip()).distinct().limit(2).toList();
        if (!said.isEmpty()) {
            parts.add("the browser said: " + String.join(" / ", said));
        }
        var exit = LaunchLog.EXIT.matcher(playwrightMessage);
        if (exit.find()) {
            parts.add("exit code " + exit.group(1));
        }
        return String.join("; ", parts);
    }

    private static String clip(String s) {
        return s.length() > MAX ? s.substring(0, MAX) + "…" : s;
    }
}
