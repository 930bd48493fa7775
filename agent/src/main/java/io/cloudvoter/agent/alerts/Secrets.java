package io.cloudvoter.agent.alerts;

import java.util.Comparator;
import java.util.List;

/**
 * Takes the channels' secrets out of any text before it is logged, stored as a delivery error or
 * answered through the API: webhook URLs (their path is often the token), webhook secrets, ntfy
 * tokens, SMTP passwords. Longest first, so a URL goes whole before its path is looked for.
 */
final class Secrets {
    static final String HIDDEN = "[redacted]";
    /** Shorter strings would mask ordinary words; no real secret is that short. */
    private static final int MIN_LENGTH = 4;

    private final List<String> secrets;

    Secrets(List<ChannelSettings> channels) {
        this.secrets = channels.stream().flatMap(c -> c.secrets().stream())
                .filter(s -> s != null && s.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (var s : secrets) {
            out = out.replace(s, HIDDEN);
        }
        return out;
    }
}
