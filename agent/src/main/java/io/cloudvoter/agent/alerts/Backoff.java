package io.cloudvoter.agent.alerts;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before the next try: {@code initial}, doubled with each failed try up to {@code max},
 * then a random half of it taken off ("equal jitter"), so many agents failing on one receiver do
 * not all knock again at the same instant.
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    /** @param failures how many tries have failed so far, 1 or more */
    Duration after(int failures) {
        double base = initial.toMillis() * Math.pow(2, Math.min(30, Math.max(0, failures - 1)));
        double capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(Math.round(capped / 2 + random.getAsDouble() * capped / 2));
    }
}
