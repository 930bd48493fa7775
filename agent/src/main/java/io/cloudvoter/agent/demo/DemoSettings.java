package io.cloudvoter.agent.demo;

import io.cloudvoter.agent.config.SectionReader;

/**
 * The demo target's own setting, a key of the {@code cloudvoter} root.
 *
 * @param votesPerMinute how many votes each voter (cookie) may cast per minute before the page says
 *                       "Too many votes" ({@code cloudvoter.demo-votes-per-minute}, default 5; the
 *                       benchmarks raise it to drive many runs through few instances)
 */
public record DemoSettings(int votesPerMinute) {
    public static final String KEY = "demo-votes-per-minute";
    public static final DemoSettings DEFAULT = new DemoSettings(5);

    /** Reads {@code cloudvoter.demo-votes-per-minute}: a whole number from 1 to 1,000,000. */
    public static DemoSettings read(SectionReader root) {
        return new DemoSettings(root.integer(KEY, DEFAULT.votesPerMinute(), 1, 1_000_000));
    }
}
