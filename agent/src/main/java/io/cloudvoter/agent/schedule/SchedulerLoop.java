package io.cloudvoter.agent.schedule;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.events.FlowsChanged;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives the scheduler: a tick every {@code interval} (fixed delay, so a slow tick never piles up),
 * an immediate tick when a run ends, and a look at the flows folder every few seconds.
 */
public final class SchedulerLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SchedulerLoop.class.getName());
    private static final Duration FLOW_RELOAD = Duration.ofSeconds(3);

    private final Scheduler scheduler;
    private final FlowCatalog flows;
    private final EventBus bus;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> ticks;
    private ScheduledFuture<?> reloads;
    private final java.util.concurrent.atomic.AtomicBoolean tickAsked = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Runnable afterReload = () -> {
    };

    public SchedulerLoop(Scheduler scheduler, FlowCatalog flows, EventBus bus) {
        this.scheduler = scheduler;
        this.flows = flows;
        this.bus = bus;
        this.executor = DaemonThreads.timer("cloudvoter-scheduler");
        // every reload that changed something is told, whoever asked for it: the watcher, the API, a push
        flows.onChange(this::flowsChanged);
    }

    private void flowsChanged() {
        LOG.info(() -> "Flows reloaded: " + flows.flows().size() + " valid, " + flows.rejectedFiles() + " file(s) with problems");
        bus.publish((seq, time) -> new FlowsChanged(seq, time, flows.flows(), flows.problems()));
        if (!executor.isShutdown()) {
            executor.execute(this::safeTick); // instances of a flow that came or went change state
        }
    }

    /** Runs after every look at the flows folder (changed or not): e.g. checking new flows' selectors. */
    public void afterReload(Runnable task) {
        this.afterReload = task;
    }

    public void start(Duration interval) {
        // Runs that end together ask for one tick, not one each: a queue of ticks would outgrow any load.
        scheduler.wakeUp(() -> {
            if (!executor.isShutdown() && tickAsked.compareAndSet(false, true)) {
                executor.execute(() -> {
                    tickAsked.set(false);
                    safeTick();
                });
            }
        });
        ticks = executor.scheduleWithFixedDelay(this::safeTick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        reloads = executor.scheduleWithFixedDelay(this::safeReload, FLOW_RELOAD.toMillis(), FLOW_RELOAD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void safeTick() {
        try {
            scheduler.tick();
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "scheduler tick failed; the next tick tries again", t);
        }
    }

    private void safeReload() {
        try {
            flows.reload(); // a change is told through flowsChanged
            afterReload.run();
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "reloading flows failed; the next look tries again", t);
        }
    }

    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
            reloads.cancel(false);
        }
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
