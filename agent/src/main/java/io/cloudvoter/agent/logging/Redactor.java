package io.cloudvoter.agent.logging;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Takes secrets out of a log line before it leaves the agent: the agent's tokens (every one it had
 * in this run, so a rotated one stays hidden), the instances' secrets, anything after {@code Bearer}, and the values in
 * storage-state JSON (cookie and local-storage values) or in {@code token=}/{@code password=} pairs.
 */
public final class Redactor {
    static final String HIDDEN = "[redacted]";
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer[ .:]\\s*)[A-Za-z0-9._~+/=-]+");
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(?i)(\"(?:value|token|password|passwd|secret|authorization|cookie)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern PAIR_SECRET = Pattern.compile(
            "(?i)\\b((?:token|password|passwd|secret|api[_-]?key)\\s*[=:]\\s*)(?!\\[redacted])[^\\s&,;\"']+");

    private final Supplier<String> currentToken;
    private final Supplier<? extends java.util.Collection<String>> secrets;
    private final Set<String> tokens = new CopyOnWriteArraySet<>();

    public Redactor(Supplier<String> currentToken) {
        this(currentToken, java.util.List::of);
    }

    /** @param secrets the instances' secrets, hidden wherever they appear */
    public Redactor(Supplier<String> currentToken, Supplier<? extends java.util.Collection<String>> secrets) {
        this.currentToken = currentToken;
        this.secrets = secrets;
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String token = currentToken.get();
        if (token != null && token.length() >= 8) {
            tokens.add(token);
        }
        String out = text;
        for (var t : tokens) {
            out = out.replace(t, HIDDEN);
        }
        for (var secret : secrets.get()) {
            if (secret.length() >= 4) {
                out = out.replace(secret, HIDDEN);
            }
        }
        out = BEARER.matcher(out).replaceAll("$1" + HIDDEN);
        out = JSON_SECRET.matcher(out).replaceAll("$1\"" + HIDDEN + "\"");
        return PAIR_SECRET.matcher(out).replaceAll("$1" + HIDDEN);
    }
}
