package io.cloudvoter.agent.browser;

import java.util.regex.Pattern;

/**
 * What Playwright's launch errors carry in their call log: the browser's stderr lines
 * ({@code [pid=N][err] …}) and its exit code ({@code exitCode=N}).
 */
public final class LaunchLog {
    public static final Pattern STDERR = Pattern.compile("\\[pid=\\d+]\\[err] ([^\\n]+)");
    public static final Pattern EXIT = Pattern.compile("exitCode=(\\d+)");

    private LaunchLog() {
    }

    /** Whether {@code message} says what the browser printed or how it exited. */
    public static boolean tellsWhy(String message) {
        return message != null && (STDERR.matcher(message).find() || EXIT.matcher(message).find());
    }
}
