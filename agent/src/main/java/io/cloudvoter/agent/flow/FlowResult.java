package io.cloudvoter.agent.flow;

import io.cloudvoter.model.api.Outcome;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * How one run of a flow ended.
 *
 * @param extracted   the number read by the last {@code extract} step that ran, or {@code null}
 * @param retryAt     for {@code RATE_LIMITED}: when the target said it takes us again, if it said
 * @param screenshots the files written by {@code screenshot} steps, in order
 */
public record FlowResult(Outcome outcome, String message, Double extracted, Instant retryAt, List<Path> screenshots) {
    public FlowResult {
        screenshots = List.copyOf(screenshots);
    }
}
