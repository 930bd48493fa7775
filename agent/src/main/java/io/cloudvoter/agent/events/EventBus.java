package io.cloudvoter.agent.events;

import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.Snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * In-process fan-out of agent events. The bus gives each event its place in the stream ({@code seq},
 * strictly increasing) and hands it to every subscriber in that order. Subscribers must not block:
 * each keeps its own bounded queue and says no when it is full, and is then dropped.
 * <p>
 * The bus also keeps the last events (for clients that reconnect with {@code ?since=}) and the
 * state they add up to ({@link StreamState}), both updated under the same lock as delivery, so
 * {@link #join} can hand a new subscriber a snapshot or the missed events with no gap and no
 * duplicate before the next event.
 */
public final class EventBus {
    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());
    public static final int DEFAULT_REPLAY = 1024;

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AgentEvent[] replay;
    private final long firstSeq;
    private final StreamState state;
    private long seq;

    public EventBus(Clock clock) {
        this(clock, 0, DEFAULT_REPLAY, StreamState.Limits.DEFAULT);
    }

    /**
     * @param seqBefore the seq the first event follows. The agent starts it from its start time
     *                  (milliseconds × 1000), so a {@code since} kept by a client from an earlier
     *                  run is always older than this run's replay buffer and gets a snapshot.
     */
    public EventBus(Clock clock, long seqBefore, int replayCapacity, StreamState.Limits limits) {
        if (replayCapacity < 1) {
            throw new IllegalArgumentException("replay capacity must be at least 1, got " + replayCapacity);
        }
        this.clock = clock;
        this.seq = seqBefore;
        this.firstSeq = seqBefore + 1;
        this.replay = new AgentEvent[replayCapacity];
        this.state = new StreamState(limits);
    }

    /** A consumer of events; {@link #offer} must return at once. */
    public interface Subscriber {
        /** @return false when the subscriber cannot take more; it is then removed and told so */
        boolean offer(AgentEvent event);

        default void overflowed() {
        }
    }

    /** Builds the snapshot a new subscriber starts from; called under the bus lock, so it must not block or publish. */
    @FunctionalInterface
    public interface SnapshotFactory {
        Snapshot create(long seq, Instant time, StreamState.View state);
    }

    /** How a subscriber joined: from a snapshot, or by replaying what it missed since its last seq. */
    public sealed interface Start {
        record FromSnapshot(long seq) implements Start {
        }

        record Replayed(long since, int events) implements Start {
        }
    }

    public AgentEvent publish(AgentEvent.Factory factory) {
        lock.lock();
        try {
            var event = factory.create(++seq, clock.instant());
            replay[(int) Math.floorMod(seq, (long) replay.length)] = event;
            state.apply(event);
            for (var s : subscribers) {
                deliver(s, event);
            }
            return event;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(Subscriber s, AgentEvent event) {
        boolean taken;
        try {
            taken = s.offer(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an event subscriber failed; removing it", e);
            taken = false;
        }
        if (!taken) {
            subscribers.remove(s);
            s.overflowed();
        }
    }

    /** Subscribes to the events published from now on, with no snapshot (for in-process consumers). */
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    /**
     * Subscribes a stream client atomically with respect to publishing. When {@code since} is inside
     * the replay buffer (and at most {@code maxReplay} events back), the subscriber is first offered
     * every event after it; otherwise a snapshot at the current seq. Every later event follows.
     */
    public Start join(Subscriber subscriber, OptionalLong since, int maxReplay, SnapshotFactory snapshots) {
        lock.lock();
        try {
            if (since.isPresent() && replayable(since.getAsLong(), maxReplay)) {
                long from = since.getAsLong();
                for (long s = from + 1; s <= seq; s++) {
                    if (!subscriber.offer(replay[(int) Math.floorMod(s, (long) replay.length)])) {
                        subscriber.overflowed();
                        return new Start.Replayed(from, (int) (s - from - 1));
                    }
                }
                subscribers.add(subscriber);
                return new Start.Replayed(from, (int) (seq - from));
            }
            var snapshot = snapshots.create(seq, clock.instant(), state.view());
            if (!subscriber.offer(snapshot)) {
                subscriber.overflowed();
                return new Start.FromSnapshot(seq);
            }
            subscribers.add(subscriber);
            return new Start.FromSnapshot(seq);
        } finally {
            lock.unlock();
        }
    }

    private boolean replayable(long since, int maxReplay) {
        long oldest = Math.max(firstSeq, seq - replay.length + 1);
        return since <= seq && since >= oldest - 1 && seq - since <= maxReplay;
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** Sets what the stream's state starts from: the agent's instances and switches before any event about them. */
    public void seed(List<InstanceStatus> instances, boolean monitoring, List<FlowProblem> flowErrors) {
        lock.lock();
        try {
            state.seed(instances, monitoring, flowErrors);
        } finally {
            lock.unlock();
        }
    }

    /** The resource samples published most recently, oldest first (as many as the snapshot carries). */
    public List<ResourceSample> recentResources() {
        lock.lock();
        try {
            return state.resources();
        } finally {
            lock.unlock();
        }
    }

    /** The guard actions published most recently, oldest first. */
    public List<GuardAction> recentGuardActions() {
        lock.lock();
        try {
            return state.guardActions();
        } finally {
            lock.unlock();
        }
    }

    public long lastSeq() {
        lock.lock();
        try {
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Events published since this bus was created. */
    public long published() {
        lock.lock();
        try {
            return seq - firstSeq + 1;
        } finally {
            lock.unlock();
        }
    }

    public int subscribers() {
        return subscribers.size();
    }
}
