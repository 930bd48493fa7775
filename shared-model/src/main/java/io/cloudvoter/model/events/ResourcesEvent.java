package io.cloudvoter.model.events;

import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.WorkerStatus;

import java.time.Instant;
import java.util.List;

/**
 * One resource sample, every few seconds, with each browser worker's health as it was then.
 *
 * @param workers every browser worker (local and browser nodes) at the sample's time; empty from an
 *                agent that does not report them (added in protocol 1 without a version bump: older
 *                readers ignore it)
 */
public record ResourcesEvent(long seq, Instant time, ResourceSample sample, List<WorkerStatus> workers) implements AgentEvent {
    public static final String TYPE = "resources";

    public ResourcesEvent {
        workers = workers == null ? List.of() : List.copyOf(workers);
    }

    /** Without the workers (as agents sent it before they had several). */
    public ResourcesEvent(long seq, Instant time, ResourceSample sample) {
        this(seq, time, sample, List.of());
    }
}
