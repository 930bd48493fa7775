package io.cloudvoter.agent.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.agent.alerts.channels.Channel;
import io.cloudvoter.agent.alerts.channels.DeliveryFailure;
import io.cloudvoter.agent.alerts.channels.Notification;
import io.cloudvoter.model.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One channel's own thread: takes the channel's due deliveries from the outbox, one at a time, and
 * records each try. A failed try waits its backoff; a delivery past its expiry is given up. Nothing
 * here is ever waited for by a run or by another channel.
 */
final class ChannelWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(ChannelWorker.class.getName());
    private static final Duration IDLE_LOOK = Duration.ofSeconds(30);
    private static final int BATCH = 20;

    final LongAdder delivered = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder expired = new LongAdder();

    private final Channel channel;
    private final Outbox outbox;
    private final Backoff backoff;
    private final Clock clock;
    private final Secrets secrets;
    private final Semaphore wake = new Semaphore(0);
    /** Deliveries the outbox could not store (the database is failing): tried from memory alone. */
    private final List<Delivery> unstored = new ArrayList<>();
    private final Map<String, CompletableFuture<Delivery>> firstTries = new ConcurrentHashMap<>();
    /** Once stopping: the due deliveries are still tried until this {@link System#nanoTime()}, then the thread ends. */
    private volatile long stopBy;
    private volatile boolean stopping;

    ChannelWorker(Channel channel, Outbox outbox, Backoff backoff, Clock clock, Secrets secrets) {
        this.channel = channel;
        this.outbox = outbox;
        this.backoff = backoff;
        this.clock = clock;
        this.secrets = secrets;
    }

    String name() {
        return channel.name();
    }

    void wake() {
        wake.release();
    }

    void keepUnstored(Delivery d) {
        synchronized (unstored) {
            unstored.add(d);
        }
        wake();
    }

    /** Completes with the delivery after its first try (for the API's test button). */
    CompletableFuture<Delivery> firstTry(String delivery) {
        return firstTries.computeIfAbsent(delivery, k -> new CompletableFuture<>());
    }

    void forget(String delivery) {
        firstTries.remove(delivery);
    }

    int unstoredCount() {
        synchronized (unstored) {
            return unstored.size();
        }
    }

    /** Tries what is due for at most {@code grace} more (a last alert before the agent exits), then ends. */
    void stop(Duration grace) {
        stopBy = System.nanoTime() + grace.toNanos();
        stopping = true;
        wake();
    }

    private boolean outOfTime() {
        return stopping && System.nanoTime() - stopBy > 0;
    }

    @Override
    public void run() {
        while (!outOfTime()) {
            try {
                Instant now = clock.instant();
                var due = due(now);
                for (var d : due) {
                    if (outOfTime()) {
                        return;
                    }
                    attempt(d);
                }
                if (stopping && due.isEmpty()) {
                    return;
                }
                if (!stopping) {
                    waitForWork();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "alert channel " + channel.name() + ": " + secrets.mask(String.valueOf(t.getMessage())), t);
                try {
                    wake.tryAcquire(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private List<Delivery> due(Instant now) {
        var list = new ArrayList<Delivery>();
        try {
            list.addAll(outbox.due(channel.name(), now, BATCH));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the outbox cannot be read; trying only what is in memory", e);
        }
        synchronized (unstored) {
            unstored.removeIf(d -> d.state() != Delivery.State.PENDING);
            unstored.stream().filter(d -> !d.nextAttemptAt().isAfter(now)).forEach(list::add);
        }
        return list;
    }

    private void waitForWork() throws InterruptedException {
        Instant now = clock.instant();
        Instant next = now.plus(IDLE_LOOK);
        try {
            next = outbox.nextDue(channel.name()).orElse(next);
        } catch (RuntimeException e) {
            next = now.plusSeconds(5);
        }
        synchronized (unstored) {
            for (var d : unstored) {
                next = d.nextAttemptAt().isBefore(next) ? d.nextAttemptAt() : next;
            }
        }
        long ms = Math.clamp(Duration.between(now, next).toMillis(), 5, IDLE_LOOK.toMillis());
        wake.tryAcquire(ms, TimeUnit.MILLISECONDS);
        wake.drainPermits();
    }

    private void attempt(Delivery d) throws InterruptedException {
        Instant now = clock.instant();
        Delivery after;
        if (!now.isBefore(d.expiresAt())) {
            after = d.tried(Delivery.State.EXPIRED, d.attempts(), d.nextAttemptAt(), null,
                    "expired after " + d.attempts() + " tries" + (d.lastError() == null ? "" : "; last: " + d.lastError()));
            expired.increment();
            LOG.warning("Alert notification " + d.delivery() + " (" + d.alertKey() + ") to " + channel.name() + " given up: "
                    + after.lastError());
        } else {
            after = send(d, now);
        }
        save(after);
        // Completed, not removed: the one waiting may only ask for it after this try (a test notification
        // is queued, and the worker woken, before Alerting.test asks); it forgets the future itself.
        var waiting = firstTries.get(d.delivery());
        if (waiting != null) {
            waiting.complete(after);
        }
    }

    private Delivery send(Delivery d, Instant now) throws InterruptedException {
        int tries = d.attempts() + 1;
        try {
            channel.send(d.payload(), Json.mapper().readValue(d.payload(), Notification.class));
            delivered.increment();
            LOG.info(() -> "Alert notification " + d.delivery() + " (" + d.kind().name().toLowerCase() + " " + d.alertKey()
                    + ") delivered to " + channel.name() + (tries > 1 ? " on try " + tries : ""));
            return d.tried(Delivery.State.DELIVERED, tries, d.nextAttemptAt(), clock.instant(), d.lastError());
        } catch (DeliveryFailure | RuntimeException e) {
            failures.increment();
            String why = secrets.mask(e instanceof DeliveryFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage());
            var wait = backoff.after(tries);
            LOG.warning("Alert notification " + d.delivery() + " (" + d.alertKey() + ") to " + channel.name() + " failed (try "
                    + tries + "): " + why + "; next try in " + io.cloudvoter.agent.config.Durations.format(wait));
            return d.tried(Delivery.State.PENDING, tries, now.plus(wait), null, why);
        } catch (JsonProcessingException e) {
            return d.tried(Delivery.State.EXPIRED, tries, d.nextAttemptAt(), null, "the stored notification is not readable: "
                    + e.getOriginalMessage());
        }
    }

    private void save(Delivery after) {
        if (after.id() == 0) {
            synchronized (unstored) {
                unstored.replaceAll(d -> d.delivery().equals(after.delivery()) ? after : d);
            }
            return;
        }
        try {
            outbox.record(after);
        } catch (RuntimeException e) {
            // The row stays as it was: a delivered one may go out once more when the store is back,
            // with the same delivery id, which is what the id is for.
            LOG.log(Level.WARNING, "could not record a try of notification " + after.delivery(), e);
        }
    }
}
