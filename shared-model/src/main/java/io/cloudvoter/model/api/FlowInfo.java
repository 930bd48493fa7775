package io.cloudvoter.model.api;

import java.time.Duration;

/** A flow that loaded and validated. */
public record FlowInfo(String name, String file, String target, Duration timeout, Duration cooldown, int steps) {
}
