package io.cloudvoter.desktop.connection;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: doubling from {@code initial} up to {@code max}, each drawn at random from the
 * upper half of its step, so a fleet of clients that lost the same agent does not return in lockstep.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int attempts;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Math::random);
    }

    /** The delay before the next attempt; each call counts one attempt. */
    public Duration next() {
        long ceiling = max.toMillis();
        long step = attempts >= 30 ? ceiling : Math.min(ceiling, initial.toMillis() << attempts);
        attempts++;
        double r = Math.max(0, Math.min(1, random.getAsDouble()));
        return Duration.ofMillis(step / 2 + Math.round(r * (step - step / 2)));
    }

    public int attempts() {
        return attempts;
    }

    public void reset() {
        attempts = 0;
    }
}
