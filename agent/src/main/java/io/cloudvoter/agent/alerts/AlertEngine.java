package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.rules.AlertRule;
import io.cloudvoter.agent.alerts.rules.Verdict;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.AlertChanged;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.RunFinished;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs the rules on a thread of its own and keeps each alert's state: open when a rule says its
 * condition holds, notified again at most every {@code repeat} while it does (at once when it gets
 * worse), resolved when the rule says it is over. Events reach it through a bounded queue, so the
 * bus never waits for it; alerts are stored, published as {@code alert} events and handed to the
 * {@link Notifier}.
 */
final class AlertEngine implements EventBus.Subscriber, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertEngine.class.getName());
    private static final int QUEUE = 8192;

    private final List<AlertRule> rules;
    private final AlertStore store;
    private final Notifier notifier;
    private final EventBus bus;
    private final Clock clock;
    private final Duration repeat;
    private final Map<String, Alert> open = new ConcurrentHashMap<>();
    private final BlockingQueue<AgentEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    final LongAdder opened = new LongAdder();
    final LongAdder resolved = new LongAdder();
    final LongAdder eventsDropped = new LongAdder();
    private Thread thread;
    private volatile boolean closed;

    AlertEngine(List<AlertRule> rules, AlertStore store, Notifier notifier, EventBus bus, Clock clock, Duration repeat) {
        this.rules = List.copyOf(rules);
        this.store = store;
        this.notifier = notifier;
        this.bus = bus;
        this.clock = clock;
        this.repeat = repeat;
        store.open().forEach(a -> open.put(a.key(), a));
        Set<String> live = this.rules.stream().map(AlertRule::name).collect(Collectors.toSet());
        for (var a : List.copyOf(open.values())) {
            if (!live.contains(a.rule())) {
                resolve(a, "the rule " + a.rule() + " is switched off", clock.instant());
            }
        }
    }

    @Override
    public boolean offer(AgentEvent event) {
        if (event instanceof RunFinished || event instanceof InstanceChanged || event instanceof InstanceRemoved
                || event instanceof GuardEvent) {
            if (!queue.offer(event)) {
                eventsDropped.increment();
            }
        }
        return true; // never let the bus drop us: a full queue costs events, not the subscription
    }

    /** Starts the thread that applies events and looks at the rules every {@code every}. */
    void start(Duration every, Duration housekeepingEvery, Runnable housekeeping) {
        thread = DaemonThreads.start("cloudvoter-alerts", () -> loop(every, housekeepingEvery, housekeeping));
    }

    private void loop(Duration every, Duration housekeepingEvery, Runnable housekeeping) {
        long nextTick = System.nanoTime();
        long nextHousekeeping = System.nanoTime();
        var batch = new ArrayList<AgentEvent>();
        while (!closed) {
            try {
                long wait = Math.max(0, nextTick - System.nanoTime());
                var first = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                }
                boolean tick = System.nanoTime() - nextTick >= 0;
                if (!batch.isEmpty() || tick) {
                    step(batch, clock.instant());
                    batch.clear();
                }
                if (tick) {
                    nextTick = System.nanoTime() + every.toNanos();
                }
                if (System.nanoTime() - nextHousekeeping >= 0) {
                    nextHousekeeping = System.nanoTime() + housekeepingEvery.toNanos();
                    housekeeping.run();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                batch.clear();
                LOG.log(Level.WARNING, "alert evaluation failed; going on", t);
            }
        }
    }

    /** Hands {@code events} to the rules, then applies what every rule says now. The engine's thread only (or a test). */
    void step(List<AgentEvent> events, Instant now) {
        for (var e : events) {
            for (var r : rules) {
                try {
                    r.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "alert rule " + r.name() + " failed on a " + e.getClass().getSimpleName(), ex);
                }
            }
        }
        for (var r : rules) {
            Set<String> mine = open.values().stream().filter(a -> a.rule().equals(r.name())).map(Alert::key)
                    .collect(Collectors.toSet());
            List<Verdict> verdicts;
            try {
                verdicts = r.evaluate(now, mine);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "alert rule " + r.name() + " failed", ex);
                continue;
            }
            for (var v : verdicts) {
                if (v.firing()) {
                    firing(r.name(), v, now);
                } else {
                    var a = open.get(v.key());
                    if (a != null) {
                        resolve(a, v.message(), now);
                    }
                }
            }
        }
    }

    private void firing(String rule, Verdict v, Instant now) {
        var a = open.get(v.key());
        if (a == null) {
            a = persistNew(Alerts.opened(v.key(), rule, v.severity(), v.message(), v.instanceId(), v.flow(), now));
            open.put(a.key(), a);
            opened.increment();
            var shown = a;
            LOG.warning(() -> "Alert open [" + shown.severity().key() + "] " + shown.key() + ": " + shown.message());
            notify(a, Delivery.Kind.OPEN, now);
            return;
        }
        boolean worse = v.severity().compareTo(a.severity()) > 0;
        boolean changed = worse || v.severity() != a.severity() || !java.util.Objects.equals(v.message(), a.message());
        if (changed) {
            a = Alerts.changed(a, v.severity(), v.message(), now);
        }
        boolean due = !repeat.isZero() && (a.notifiedAt() == null || !now.isBefore(a.notifiedAt().plus(repeat)));
        // Muted at open and the mute is over: the operator has not heard of it yet.
        boolean unmuted = a.notifications() == 0 && a.muted() != null && notifier.mutedBy(a).isEmpty();
        if (worse || due || unmuted) {
            notify(a, a.notifications() == 0 ? Delivery.Kind.OPEN : Delivery.Kind.REPEAT, now);
        } else if (changed) {
            open.put(a.key(), a);
            save(a);
        }
    }

    private void resolve(Alert a, String why, Instant now) {
        open.remove(a.key());
        var done = Alerts.resolved(a, why, now);
        resolved.increment();
        LOG.info(() -> "Alert resolved " + done.key() + ": " + done.message());
        if (done.notifications() > 0) {
            notify(done, Delivery.Kind.RESOLVED, now);
        } else {
            save(done);
        }
    }

    private void notify(Alert a, Delivery.Kind kind, Instant now) {
        var q = queue(a, kind);
        var after = Alerts.notified(a, now, q.sent(), q.mutedBy());
        if (q.mutedBy() != null) {
            LOG.info(() -> "Alert " + a.key() + " (" + kind.name().toLowerCase() + ") not sent: " + q.mutedBy());
        }
        if (after.state() == io.cloudvoter.model.api.AlertState.OPEN) {
            open.put(after.key(), after);
        }
        save(after);
    }

    private Notifier.Queued queue(Alert a, Delivery.Kind kind) {
        try {
            return notifier.notify(a, kind);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not queue the notification of " + a.key(), e);
            return new Notifier.Queued(0, null);
        }
    }

    private Alert persistNew(Alert a) {
        try {
            return store.insert(a);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not store the alert " + a.key() + "; it is kept in memory", e);
            return a;
        }
    }

    private void save(Alert a) {
        try {
            if (a.id() > 0) {
                store.update(a);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not store the alert " + a.key() + "; it is kept in memory", e);
        }
        bus.publish((seq, time) -> new AlertChanged(seq, time, a));
    }

    /** The open alerts, as the engine holds them. */
    List<Alert> openAlerts() {
        return List.copyOf(open.values());
    }

    /** Open alerts by severity, for the metrics. */
    Map<AlertSeverity, Long> openBySeverity() {
        return open.values().stream().collect(Collectors.groupingBy(Alert::severity, Collectors.counting()));
    }

    /**
     * Stops the thread after it applied what is queued (the guard's critical stop publishes its
     * event just before the agent stops), waiting at most {@code grace}.
     */
    void close(Duration grace) {
        closed = true;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var rest = new ArrayList<AgentEvent>();
        queue.drainTo(rest);
        if (!thread.isAlive()) {
            try {
                step(rest, clock.instant());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the last alert evaluation failed", e);
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
