package io.cloudvoter.agent.demo;

import io.cloudvoter.agent.config.ConfigException;

import io.helidon.config.Config;

import java.util.List;

/**
 * The demo target's own setting, read from the {@code cloudvoter} config node.
 *
 * @param votesPerMinute how many votes each voter (cookie) may cast per minute before the page says
 *                       "Too many votes" ({@code cloudvoter.demo-votes-per-minute}, default 5; the
 *                       benchmarks raise it to drive many runs through few instances)
 */
public record DemoSettings(int votesPerMinute) {
    public static final String KEY = "demo-votes-per-minute";
    static final int DEFAULT_VOTES_PER_MINUTE = 5;

    /** @throws ConfigException naming the key when the value is not a whole number from 1 to 1,000,000 */
    public static DemoSettings from(Config cloudvoter) {
        var node = cloudvoter.get(KEY);
        if (!node.exists()) {
            return new DemoSettings(DEFAULT_VOTES_PER_MINUTE);
        }
        var text = node.asString().orElse("").trim();
        try {
            int n = Integer.parseInt(text.replace("_", ""));
            if (n >= 1 && n <= 1_000_000) {
                return new DemoSettings(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(List.of("cloudvoter." + KEY + ": '" + text + "' is not a whole number from 1 to 1000000"));
    }
}
