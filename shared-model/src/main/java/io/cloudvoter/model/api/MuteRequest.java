package io.cloudvoter.model.api;

import java.time.Instant;

/** {@code POST /api/alerts/mute}: {@code {"until":"2026-06-01T12:00:00Z","scope":"instance:poll-1"}}. */
public record MuteRequest(Instant until, String scope) {
}
