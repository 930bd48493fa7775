package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.RunRecord;

/**
 * What the retained history says about one instance. Runs still in flight are not counted;
 * {@code INTERRUPTED} runs count as runs but neither as successes nor failures.
 *
 * @param failures {@code FAILED} plus {@code ERROR}
 * @param last     the newest run, finished or still running; null if there is none
 */
public record InstanceCounters(long runs, long successes, long failures, long rateLimited, RunRecord last) {
    public static final InstanceCounters NONE = new InstanceCounters(0, 0, 0, 0, null);
}
