package io.cloudvoter.agent.web;

import io.cloudvoter.agent.config.SectionReader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Slows down token guessing. A network ({@link Networks}: IPv4 /24, IPv6 /64, all of loopback) that
 * presents a wrong token {@code maxFailures} times within {@code window} is answered 429 on every
 * request, right token or not (or a guesser would learn when it hit), until {@code lockout} has
 * passed. Successes do not reset the count: behind an SSH tunnel every client is loopback.
 *
 * <p>Guessing from many networks at once is bounded too: past {@code globalMaxFailures} wrong tokens
 * within the window, from wherever, every network that has not shown the right token in the last day
 * is locked out as well, for the lockout. At most {@link #MAX_NETWORKS} networks are remembered; when
 * full, the least recently seen one that is <em>not</em> locked out makes room, so a flood of new
 * addresses cannot push a lockout out.
 */
public final class AuthThrottle {
    private static final Logger LOG = Logger.getLogger(AuthThrottle.class.getName());
    static final int MAX_NETWORKS = 4096;
    static final int MAX_TRUSTED = 64;
    static final Duration TRUSTED_FOR = Duration.ofDays(1);

    /** The {@code cloudvoter.auth} section. */
    public record Settings(int maxFailures, Duration window, Duration lockout, int globalMaxFailures) {
        public static final Settings DEFAULT = new Settings(10, Duration.ofMinutes(1), Duration.ofMinutes(1));

        /** With the global budget at ten networks' worth of failures. */
        public Settings(int maxFailures, Duration window, Duration lockout) {
            this(maxFailures, window, lockout, (int) Math.min(Integer.MAX_VALUE, maxFailures * 10L));
        }

        /** Reads {@code cloudvoter.auth}; wrong values go to the reader's problem list. */
        public static Settings read(SectionReader r) {
            int max = r.integer("max-failures", DEFAULT.maxFailures(), 1, 1_000_000);
            return new Settings(max,
                    r.duration("failure-window", DEFAULT.window(), Duration.ofSeconds(1), Duration.ofDays(1)),
                    r.duration("lockout", DEFAULT.lockout(), Duration.ofSeconds(1), Duration.ofDays(1)),
                    r.integer("global-max-failures", (int) Math.min(Integer.MAX_VALUE, max * 10L), max, Integer.MAX_VALUE));
        }
    }

    private static final class Record {
        Instant windowStart;
        int failures;
        Instant lockedUntil = Instant.MIN;
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Record> byNetwork = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, Instant> trusted = new LinkedHashMap<>(16, 0.75f, true);
    private Instant globalWindowStart;
    private int globalFailures;
    private Instant globalLockedUntil = Instant.MIN;
    private final LongAdder failures = new LongAdder();
    private final LongAdder lockouts = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public AuthThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** How long {@code address} must still wait, if its network is locked out (or every untrusted one is). */
    public synchronized Optional<Duration> lockedOut(String address) {
        String network = Networks.of(address);
        Instant now = clock.instant();
        var r = byNetwork.get(network);
        Instant until = r == null ? Instant.MIN : r.lockedUntil;
        if (globalLockedUntil.isAfter(now) && !isTrusted(network, now) && globalLockedUntil.isAfter(until)) {
            until = globalLockedUntil;
        }
        if (!until.isAfter(now)) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(Duration.between(now, until));
    }

    /** The right token from {@code address}: its network stays in during a global lockout. */
    public synchronized void succeeded(String address) {
        trusted.put(Networks.of(address), clock.instant());
        if (trusted.size() > MAX_TRUSTED) {
            var oldest = trusted.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Counts a wrong token from {@code address}. */
    public synchronized void failed(String address) {
        failures.increment();
        String network = Networks.of(address);
        Instant now = clock.instant();
        countGlobally(now);
        var r = byNetwork.get(network);
        if (r == null) {
            if (byNetwork.size() >= MAX_NETWORKS && !makeRoom(now)) {
                return; // every remembered network is locked out; the global budget still counts this one
            }
            r = new Record();
            byNetwork.put(network, r);
        }
        if (r.windowStart == null || !now.isBefore(r.windowStart.plus(settings.window()))) {
            r.windowStart = now;
            r.failures = 0;
        }
        if (++r.failures >= settings.maxFailures()) {
            r.lockedUntil = now.plus(settings.lockout());
            r.windowStart = null;
            lockouts.increment();
            LOG.warning("Locking out " + network + " for " + settings.lockout().toSeconds() + "s after "
                    + settings.maxFailures() + " requests with a wrong token");
        }
    }

    private void countGlobally(Instant now) {
        if (globalWindowStart == null || !now.isBefore(globalWindowStart.plus(settings.window()))) {
            globalWindowStart = now;
            globalFailures = 0;
        }
        if (++globalFailures >= settings.globalMaxFailures() && !globalLockedUntil.isAfter(now)) {
            globalLockedUntil = now.plus(settings.lockout());
            globalWindowStart = null;
            lockouts.increment();
            LOG.warning("Locking out every network that has not shown the right token lately, for "
                    + settings.lockout().toSeconds() + "s: " + settings.globalMaxFailures() + " wrong tokens within "
                    + settings.window().toSeconds() + "s from many networks");
        }
    }

    /** Forgets the least recently seen network that is not locked out; false when all are. */
    private boolean makeRoom(Instant now) {
        var it = byNetwork.values().iterator();
        while (it.hasNext()) {
            if (!it.next().lockedUntil.isAfter(now)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private boolean isTrusted(String network, Instant now) {
        var at = trusted.get(network);
        return at != null && now.isBefore(at.plus(TRUSTED_FOR));
    }

    public long failures() {
        return failures.sum();
    }

    public long lockouts() {
        return lockouts.sum();
    }

    /** Requests answered 429 because their network was locked out. */
    public long refused() {
        return refused.sum();
    }
}
