package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.Outcome;

import java.time.Instant;

/**
 * Which runs to list, newest first. A null field means "any".
 *
 * @param since    runs that started at or after this instant
 * @param beforeId runs with a smaller id: pass the last id of one page to get the next
 * @param limit    at most this many rows; 0 or less means {@value #DEFAULT_LIMIT}, and the store caps
 *                 it at {@value #MAX_PAGE} for a page or {@value #MAX_EXPORT} for a CSV export
 */
public record RunQuery(String instanceId, Outcome outcome, Instant since, Long beforeId, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_PAGE = 1_000;
    public static final int MAX_EXPORT = 100_000;

    /** The newest {@value #DEFAULT_LIMIT} runs of every instance. */
    public static RunQuery newest() {
        return new RunQuery(null, null, null, null, DEFAULT_LIMIT);
    }

    public RunQuery withBeforeId(Long id) {
        return new RunQuery(instanceId, outcome, since, id, limit);
    }

    public RunQuery withLimit(int rows) {
        return new RunQuery(instanceId, outcome, since, beforeId, rows);
    }

    int limitUpTo(int max) {
        return limit < 1 ? Math.min(DEFAULT_LIMIT, max) : Math.min(limit, max);
    }
}
