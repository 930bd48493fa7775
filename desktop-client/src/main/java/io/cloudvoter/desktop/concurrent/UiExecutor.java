package io.cloudvoter.desktop.concurrent;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way the client leaves and re-enters the FX thread. Network and disk work go through
 * {@link #background}; results, events and timers come back through {@link #ui} on the FX thread,
 * which is the only thread that touches observable state. Tests swap in a same-thread version so
 * that asynchronous code runs in order and deterministically.
 */
public interface UiExecutor {

    /** Runs {@code work} off the FX thread, then {@code done} or {@code failed} on it. */
    <T> void background(Callable<T> work, Consumer<? super T> done, Consumer<Throwable> failed);

    /** Runs {@code action} on the FX thread, after what was queued before it. */
    void ui(Runnable action);

    /** Runs {@code action} on the FX thread once {@code delay} has passed, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable action);

    /** Runs {@code action} on the FX thread every {@code period} until cancelled. */
    Cancellable every(Duration period, Runnable action);

    /** A pending timer. */
    @FunctionalInterface
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }
}
