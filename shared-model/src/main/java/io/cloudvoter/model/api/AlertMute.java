package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * A mute in force: alerts in its scope are recorded, not sent.
 *
 * @param id     0 for a maintenance window from the config (it cannot be lifted through the API)
 * @param scope  {@code agent}, {@code instance:ID} or {@code flow:NAME}
 * @param source {@code api} or {@code maintenance}
 */
public record AlertMute(long id, String scope, Instant until, Instant createdAt, String source) {
}
