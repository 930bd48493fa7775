package io.cloudvoter.desktop.concurrent;

import javafx.application.Platform;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The real executor: virtual threads for blocking work, {@link Platform#runLater} back onto the FX thread. */
public final class FxUiExecutor implements UiExecutor, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FxUiExecutor.class.getName());

    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cloudvoter-io-", 0).factory());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cloudvoter-timers").factory());

    /** After {@link #close()} (the app is quitting) new work is dropped: nothing would be there to see its result. */
    @Override
    public <T> void background(Callable<T> work, Consumer<? super T> done, Consumer<Throwable> failed) {
        try {
            workers.execute(() -> {
                try {
                    T result = work.call();
                    Platform.runLater(() -> done.accept(result));
                } catch (Throwable e) {
                    Platform.runLater(() -> failed.accept(e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.fine("quitting: background work dropped");
        }
    }

    @Override
    public void ui(Runnable action) {
        Platform.runLater(action);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        if (timers.isShutdown()) {
            return Cancellable.NONE;
        }
        var future = timers.schedule(() -> Platform.runLater(guarded(action)), delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable every(Duration period, Runnable action) {
        if (timers.isShutdown()) {
            return Cancellable.NONE;
        }
        long ms = period.toMillis();
        var future = timers.scheduleWithFixedDelay(() -> Platform.runLater(guarded(action)), ms, ms, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /** A timer task that throws must not take its schedule down with it. */
    private static Runnable guarded(Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "a timer task failed", e);
            }
        };
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
    }
}
