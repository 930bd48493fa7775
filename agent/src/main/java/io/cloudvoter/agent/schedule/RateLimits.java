package io.cloudvoter.agent.schedule;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Targets that told us to slow down, and until when. A target is a flow's origin
 * (scheme://host:port): every instance of it waits, so the target's limit holds for the agent as a
 * whole, not per session. Not thread-safe: the scheduler guards it, and its writes go through the
 * scheduler's {@link Effects}.
 */
final class RateLimits {
    private final PlanStore plan;
    private final Effects effects;
    private final Map<String, TargetPause> pauses = new HashMap<>();

    /** @param effects where the pauses are written (after the scheduler's lock is let go) */
    RateLimits(PlanStore plan, Effects effects) {
        this.plan = plan;
        this.effects = effects;
        pauses.putAll(plan.pauses());
    }

    static String targetOf(String url) {
        var uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase() + ":" + port;
    }

    Optional<TargetPause> active(String target, Instant now) {
        var p = pauses.get(target);
        return p != null && p.until().isAfter(now) ? Optional.of(p) : Optional.empty();
    }

    /** Pauses a target; an existing longer pause is kept. */
    TargetPause pause(String target, Instant until, String reason) {
        var existing = pauses.get(target);
        if (existing != null && !existing.until().isBefore(until)) {
            return existing;
        }
        var p = new TargetPause(target, until, reason);
        pauses.put(target, p);
        effects.add("store the rate-limit pause of " + target, () -> plan.setPause(p));
        return p;
    }

    /** Forgets pauses that are over; returns the targets that may be visited again. */
    java.util.List<String> expire(Instant now) {
        var over = pauses.values().stream().filter(p -> !p.until().isAfter(now)).map(TargetPause::target).toList();
        over.forEach(t -> {
            pauses.remove(t);
            effects.add("clear the rate-limit pause of " + t, () -> plan.clearPause(t));
        });
        return over;
    }
}
