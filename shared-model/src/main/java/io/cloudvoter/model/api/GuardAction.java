package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * Something the resource guard did, with why.
 *
 * @param level  {@code NORMAL}, {@code SOFT}, {@code HARD} or {@code CRITICAL}: the level it moved to
 * @param action e.g. {@code admit}, {@code hold-new-runs}, {@code recycle-browser}, {@code shutdown}
 * @param reason the reading and the threshold it crossed, in words
 */
public record GuardAction(Instant time, String level, String action, String reason) {
}
