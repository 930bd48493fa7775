package io.cloudvoter.desktop.testing;

import io.cloudvoter.desktop.concurrent.UiExecutor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs everything at once on the caller's thread; timers wait until {@link #advance} moves the fake
 * clock past them. Makes the client's asynchronous code deterministic in model tests.
 */
public final class SameThreadExecutor implements UiExecutor {
    private final FakeClock clock;
    private final List<Timer> timers = new ArrayList<>();
    private long order;

    private final class Timer implements Cancellable {
        Instant due;
        final Duration period;
        final Runnable action;
        final long seq = order++;
        boolean cancelled;

        Timer(Instant due, Duration period, Runnable action) {
            this.due = due;
            this.period = period;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
            timers.remove(this);
        }
    }

    public SameThreadExecutor(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public <T> void background(Callable<T> work, Consumer<? super T> done, Consumer<Throwable> failed) {
        T result;
        try {
            result = work.call();
        } catch (Throwable e) {
            failed.accept(e);
            return;
        }
        done.accept(result);
    }

    @Override
    public void ui(Runnable action) {
        action.run();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        var t = new Timer(clock.instant().plus(delay), null, action);
        timers.add(t);
        return t;
    }

    @Override
    public Cancellable every(Duration period, Runnable action) {
        var t = new Timer(clock.instant().plus(period), period, action);
        timers.add(t);
        return t;
    }

    /** Moves the clock forward, firing due timers in time order as it passes them. */
    public void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        while (true) {
            var next = timers.stream().filter(t -> !t.due.isAfter(end))
                    .min(Comparator.<Timer, Instant>comparing(t -> t.due).thenComparingLong(t -> t.seq)).orElse(null);
            if (next == null) {
                break;
            }
            if (next.due.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.due));
            }
            if (next.period == null) {
                timers.remove(next);
            } else {
                next.due = next.due.plus(next.period);
            }
            next.action.run();
        }
        if (end.isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), end));
        }
    }

    public int pendingTimers() {
        return timers.size();
    }
}
