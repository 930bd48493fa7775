package io.cloudvoter.desktop.connection;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a URL and a token out of whatever the operator pasted: the agent's start banner
 * ({@code URL: http://…} / {@code Token: …}), or just a URL and a token on separate lines.
 */
public record PastedConnection(String url, String token) {
    private static final Pattern URL = Pattern.compile("(https?://[^\\s/]+)(?:/\\S*)?");
    private static final Pattern LABELLED_TOKEN = Pattern.compile("(?im)^\\s*token:\\s*(\\S+)\\s*$");
    private static final Pattern BARE_TOKEN = Pattern.compile("(?m)^\\s*([A-Za-z0-9_\\-.~+/=]{16,})\\s*$");

    public static Optional<PastedConnection> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher url = URL.matcher(text);
        String foundUrl = null;
        while (url.find()) {
            if (!url.group(0).contains("/demo") && !url.group(0).contains("/api/")) {
                foundUrl = url.group(1);
                break;
            }
            if (foundUrl == null) {
                foundUrl = url.group(1);
            }
        }
        String token = null;
        Matcher labelled = LABELLED_TOKEN.matcher(text);
        if (labelled.find() && !labelled.group(1).equals("in") && !labelled.group(1).equals("from")) {
            token = labelled.group(1);
        } else {
            Matcher bare = BARE_TOKEN.matcher(text);
            if (bare.find()) {
                token = bare.group(1);
            }
        }
        return foundUrl == null && token == null ? Optional.empty() : Optional.of(new PastedConnection(foundUrl, token));
    }
}
