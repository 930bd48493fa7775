package io.cloudvoter.agent.events;

import io.cloudvoter.model.events.AgentEvent;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * In-process fan-out of agent events. The bus gives each event its place in the stream ({@code seq},
 * strictly increasing) and hands it to every subscriber in that order. Subscribers must not block:
 * each keeps its own bounded queue and says no when it is full, and is then dropped.
 */
public final class EventBus {
    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long seq;

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    /** A consumer of events; {@link #offer} must return at once. */
    public interface Subscriber {
        /** @return false when the subscriber cannot take more; it is then removed and told so */
        boolean offer(AgentEvent event);

        default void overflowed() {
        }
    }

    public AgentEvent publish(AgentEvent.Factory factory) {
        lock.lock();
        try {
            var event = factory.create(++seq, clock.instant());
            for (var s : subscribers) {
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
            return event;
        } finally {
            lock.unlock();
        }
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public long lastSeq() {
        lock.lock();
        try {
            return seq;
        } finally {
            lock.unlock();
        }
    }
}
