package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * One run as stored in the history.
 *
 * @param durationMs null while running
 * @param extracted  the number read by the flow's last {@code extract} step, if any
 * @param artifact   file name of the failure screenshot (download with {@code GET /api/runs/{id}/artifact})
 */
public record RunRecord(long id,
                        String instanceId,
                        String flow,
                        Outcome outcome,
                        Instant startedAt,
                        Long durationMs,
                        String message,
                        Double extracted,
                        String artifact) {
}
