package io.cloudvoter.model.api;

import java.time.Instant;
import java.util.Map;

/**
 * One run as stored in the history.
 *
 * @param durationMs null while running
 * @param extracted  the number read by the flow's last {@code extract} step, if any
 * @param artifact   file name of the failure screenshot (download with {@code GET /api/runs/{id}/artifact})
 * @param attempt    1 for a scheduled run; 2, 3… for the flow's retries of it
 * @param retryOf    the id of the first attempt, for a retry; null otherwise
 * @param values     every {@code extract} of the run by name, as read (numbers and texts)
 * @param reason     why it did not succeed, as a word a machine can act on: {@code unreachable},
 *                   {@code expect}, {@code timeout}… (null for a success or when nothing more is known)
 */
public record RunRecord(long id,
                        String instanceId,
                        String flow,
                        Outcome outcome,
                        Instant startedAt,
                        Long durationMs,
                        String message,
                        Double extracted,
                        String artifact,
                        int attempt,
                        Long retryOf,
                        Map<String, String> values,
                        String reason) {

    public RunRecord {
        attempt = Math.max(1, attempt);
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values)); // in the order read
    }

    /** A first attempt without extracted texts (as agents before retries wrote them). */
    public RunRecord(long id, String instanceId, String flow, Outcome outcome, Instant startedAt, Long durationMs, String message,
                     Double extracted, String artifact) {
        this(id, instanceId, flow, outcome, startedAt, durationMs, message, extracted, artifact, 1, null, Map.of(), null);
    }
}
