package io.cloudvoter.agent.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * Every instance of {@code target} waits until {@code until}, because the target asked us to slow down.
 *
 * @param reason what the target said, for the operator; may be null
 */
public record TargetPause(String target, Instant until, String reason) {
    public TargetPause {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("pause target must not be blank");
        }
        Objects.requireNonNull(until, "until");
    }
}
