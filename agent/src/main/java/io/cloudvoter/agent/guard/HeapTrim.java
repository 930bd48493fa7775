package io.cloudvoter.agent.guard;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives memory back after a burst. The serial collector (the launcher's choice, for its small
 * footprint) grows the heap under load and shrinks it only at full collections, a little more at each
 * one in a row, and full collections are rare once the burst is over: measured here, the JVM stayed at
 * 390 MB RSS after a burst of uploads while it held 20 MB of live data, which is what made the agent's
 * own {@code agent-pss} guard hold new runs. So when more than half of the committed heap, and at least
 * {@link #MIN_FREE}, is more than what was live after the last collections, a full collection is asked
 * for, at most once per check; with the launcher's {@code -XX:MaxHeapFreeRatio=30} three of them (a
 * minute and a half) bring the heap back to its size before the burst. ("Used" would not do: after a
 * burst the old generation is full of garbage nobody has collected yet.) A full collection of the
 * agent's live heap takes a few tens of milliseconds.
 */
public final class HeapTrim implements Runnable {
    private static final Logger LOG = Logger.getLogger(HeapTrim.class.getName());
    static final long MIN_FREE = 32L * 1024 * 1024;
    public static final Duration EVERY = Duration.ofSeconds(30);

    /** @param live bytes the heap's pools held after their last collection */
    record Reading(long committed, long live) {
    }

    private final Supplier<Reading> heap;
    private final Runnable collect;
    private long trims;

    HeapTrim(Supplier<Reading> heap, Runnable collect) {
        this.heap = heap;
        this.collect = collect;
    }

    /** Checks the JVM's own heap every {@link #EVERY} on {@code timers}. */
    public static ScheduledFuture<?> schedule(ScheduledExecutorService timers) {
        var trim = new HeapTrim(HeapTrim::read, System::gc);
        return timers.scheduleWithFixedDelay(trim, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Reading read() {
        long live = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            live += after == null ? 0 : after.getUsed();
        }
        return new Reading(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted(), live);
    }

    /** Whether a heap this large, with this much live after the last collections, is worth a full collection. */
    static boolean worthTrimming(Reading r) {
        long spare = r.committed() - r.live();
        return spare > MIN_FREE && spare > r.live();
    }

    @Override
    public void run() {
        try {
            var before = heap.get();
            if (!worthTrimming(before)) {
                return;
            }
            collect.run();
            trims++;
            var after = heap.get();
            LOG.fine(() -> "heap trimmed: committed " + mb(before.committed()) + " -> " + mb(after.committed())
                    + ", live " + mb(after.live()));
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "trimming the heap failed", t);
        }
    }

    long trims() {
        return trims;
    }

    private static String mb(long bytes) {
        return bytes / (1024 * 1024) + " MB";
    }
}
