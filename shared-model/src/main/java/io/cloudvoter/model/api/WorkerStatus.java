package io.cloudvoter.model.api;

import java.time.Instant;

/**
 * One browser worker: a Chromium (local, or a browser node reached over the network) with the runs
 * in flight on it.
 *
 * @param name      {@code worker-1}, … in the agent's order
 * @param kind      {@code local} (a Chromium this agent launched) or {@code remote} (a browser node)
 * @param endpoint  the executable of a local worker, the ws:// URL of a remote one (without secrets)
 * @param state     {@code STOPPED}, {@code STARTING}, {@code UP} or {@code FAILED}
 * @param inFlight  runs in flight on it now
 * @param capacity  runs in flight it takes before runs go to another worker
 * @param lastError why it failed or stopped last, when it did
 * @param restarts  relaunches (crash, recycle) since the agent started
 */
public record WorkerStatus(String name, String kind, String endpoint, String state, String version, int inFlight,
                           int capacity, String lastError, Instant launchedAt, long restarts) {
}
