package io.cloudvoter.agent.web;

import io.cloudvoter.agent.config.SectionReader;

import io.helidon.config.Config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Slows down token guessing: an address that presents a wrong token {@code maxFailures}
 * times within {@code window} is answered 429 on every request, right token or not (or a guesser
 * would learn when it hit), until {@code lockout} has passed. Successes do not reset the count:
 * behind an SSH tunnel every client shares 127.0.0.1. At most {@link #MAX_ADDRESSES} addresses are
 * remembered, oldest first out, so a flood of addresses cannot grow it without bound.
 */
public final class AuthThrottle {
    private static final Logger LOG = Logger.getLogger(AuthThrottle.class.getName());
    static final int MAX_ADDRESSES = 4096;

    /** The {@code cloudvoter.auth} section. */
    public record Settings(int maxFailures, Duration window, Duration lockout) {
        public static final Settings DEFAULT = new Settings(10, Duration.ofMinutes(1), Duration.ofMinutes(1));

        public static Settings from(Config raw) {
            var r = new SectionReader(raw, "auth");
            var s = new Settings(
                    r.integer("max-failures", DEFAULT.maxFailures(), 1, 1_000_000),
                    r.duration("failure-window", DEFAULT.window(), Duration.ofSeconds(1), Duration.ofDays(1)),
                    r.duration("lockout", DEFAULT.lockout(), Duration.ofSeconds(1), Duration.ofDays(1)));
            r.done();
            return s;
        }
    }

    private static final class Record {
        Instant windowStart;
        int failures;
        Instant lockedUntil = Instant.MIN;
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Record> byAddress = new LinkedHashMap<>(64, 0.75f, true);
    private final LongAdder failures = new LongAdder();
    private final LongAdder lockouts = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public AuthThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** How long {@code address} must still wait, if it is locked out. */
    public synchronized Optional<Duration> lockedOut(String address) {
        var r = byAddress.get(address);
        Instant now = clock.instant();
        if (r == null || !r.lockedUntil.isAfter(now)) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(Duration.between(now, r.lockedUntil));
    }

    /** Counts a wrong token from {@code address}. */
    public synchronized void failed(String address) {
        failures.increment();
        Instant now = clock.instant();
        var r = byAddress.computeIfAbsent(address, a -> new Record());
        if (r.windowStart == null || !now.isBefore(r.windowStart.plus(settings.window()))) {
            r.windowStart = now;
            r.failures = 0;
        }
        if (++r.failures >= settings.maxFailures()) {
            r.lockedUntil = now.plus(settings.lockout());
            r.windowStart = null;
            lockouts.increment();
            LOG.warning("Locking out " + address + " for " + settings.lockout().toSeconds() + "s after "
                    + settings.maxFailures() + " requests with a wrong token");
        }
        if (byAddress.size() > MAX_ADDRESSES) {
            var oldest = byAddress.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    public long failures() {
        return failures.sum();
    }

    public long lockouts() {
        return lockouts.sum();
    }

    /** Requests answered 429 because their address was locked out. */
    public long refused() {
        return refused.sum();
    }
}
