package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.threads.DaemonThreads;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.WorkerStatus;
import io.cloudvoter.model.events.ResourcesEvent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes a reading every sample interval, smooths it, keeps a short history for the desktop's charts,
 * publishes it as a {@code resources} event (with each browser worker's status, so that the desktop
 * sees a node go down and come back without asking) and hands it to the guard. Runs on its own
 * thread with a fixed delay, so a slow reading never piles up.
 */
public final class ResourceSampler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ResourceSampler.class.getName());

    private final ResourceReadings readings;
    private final Smoothing smoothing;
    private final Duration interval;
    private final Duration keep;
    private final EventBus bus;
    private final Consumer<ResourceSample> guard;
    private final Supplier<List<WorkerStatus>> workers;
    private final ArrayDeque<ResourceSample> history = new ArrayDeque<>();
    private final ScheduledExecutorService thread;
    private volatile ResourceSample latest;

    public ResourceSampler(ResourceReadings readings, GuardSettings settings, EventBus bus, Consumer<ResourceSample> guard) {
        this(readings, settings, bus, guard, List::of);
    }

    /** @param workers each browser worker's status, published with every sample */
    public ResourceSampler(ResourceReadings readings, GuardSettings settings, EventBus bus, Consumer<ResourceSample> guard,
                           Supplier<List<WorkerStatus>> workers) {
        this.workers = workers;
        this.readings = readings;
        this.smoothing = new Smoothing(settings.smoothing());
        this.interval = settings.sampleInterval();
        this.keep = settings.history();
        this.bus = bus;
        this.guard = guard;
        this.thread = DaemonThreads.timer("cloudvoter-guard");
    }

    /** Samples at once, on the caller's thread (so the guard has judged before this returns), then every interval. */
    public void start() {
        safeSample();
        thread.scheduleWithFixedDelay(this::safeSample, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void safeSample() {
        try {
            sampleNow();
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "resource sampling failed; the next sample tries again", t);
        }
    }

    /** One sample: read, smooth, remember, publish, judge. Returns the smoothed sample. */
    public ResourceSample sampleNow() {
        var sample = smoothing.apply(readings.read());
        synchronized (history) {
            history.addLast(sample);
            while (!history.isEmpty() && history.getFirst().time().isBefore(sample.time().minus(keep))) {
                history.removeFirst();
            }
        }
        latest = sample;
        var now = workers.get();
        bus.publish((seq, time) -> new ResourcesEvent(seq, time, sample, now));
        guard.accept(sample);
        return sample;
    }

    /** The newest smoothed sample; null before the first. For {@code GET /api/status}. */
    public ResourceSample latest() {
        return latest;
    }

    /** The samples of the last {@code cloudvoter.guard.history} (15 minutes by default), oldest first. */
    public List<ResourceSample> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
