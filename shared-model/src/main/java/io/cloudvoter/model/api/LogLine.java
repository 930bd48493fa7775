package io.cloudvoter.model.api;

import java.time.Instant;

/** One agent log record, already redacted. {@code instanceId} is set when the record is about one instance. */
public record LogLine(Instant time, String level, String logger, String instanceId, String message) {
}
