package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.config.SectionReader;
import io.cloudvoter.model.api.BrowserStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The agent's browsers: one {@link BrowserPool} per worker, each with its own thread, Playwright
 * driver and Chromium (Playwright is single-threaded, so runs side by side need separate drivers).
 * A run goes to the first worker with nothing to do, so a second Chromium only starts when runs
 * overlap, and each worker's own {@link BrowserWatch} closes it again after
 * {@code browser.idle-close-after}. Every worker carries the agent's reaper marker; only the first
 * one reaps, and the reaper never touches a process this JVM started.
 */
public final class BrowserWorkers implements AutoCloseable {
    /** A worker's peak cost beyond the first: driver, Chromium and the contexts of its run (measured ≈160 MB). */
    static final long EXTRA_WORKER_PEAK_MB = 160;
    /** The agent's peak with one worker (Java, driver, Chromium, a run's context; measured ≈390 MB). */
    static final long FIRST_WORKER_PEAK_MB = 400;
    static final int MAX_AUTO = 4;
    static final int MAX = 8;

    private final List<BrowserPool> pools;

    public BrowserWorkers(List<BrowserPool> pools) {
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("at least one browser worker");
        }
        this.pools = List.copyOf(pools);
    }

    /** {@code count} workers sharing {@code settings} and {@code lifecycle}; the first reaps at start and every reap interval. */
    public static BrowserWorkers start(BrowserSettings settings, BrowserLifecycle lifecycle, Clock clock, int count) {
        var pools = new ArrayList<BrowserPool>();
        try {
            for (int i = 1; i <= count; i++) {
                pools.add(count == 1
                        ? new BrowserPool(settings, lifecycle, clock)
                        : new BrowserPool(settings, i == 1 ? lifecycle : lifecycle.withoutReaping(), clock, i,
                                i == 1 && lifecycle != BrowserLifecycle.MANUAL));
            }
        } catch (RuntimeException e) {
            pools.forEach(BrowserPool::close);
            throw e;
        }
        return new BrowserWorkers(pools);
    }

    /** Reads {@code cloudvoter.browser.workers}: {@code auto} (0) or a whole number from 1 to 8. */
    public static int readCount(SectionReader browser) {
        var text = browser.text("workers").orElse("auto");
        if (text.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        browser.problem("workers", "'" + text + "' is not auto or a whole number from 1 to " + MAX);
        return 1;
    }

    /**
     * How many workers a machine carries: one per core, one per GB of memory beyond the first (so a
     * 1–2 GB droplet gets exactly one Chromium), as many as the guard's {@code agent-pss} soft
     * threshold leaves room for at their peak (more would only hold runs back), and at most four.
     *
     * @param agentPssSoftMb the guard's agent-pss soft threshold in MB; null when it is off
     */
    public static int auto(int cores, long memoryMb, Double agentPssSoftMb) {
        long byMemory = Math.max(1, (memoryMb - 1024) / 1024);
        long byGuard = agentPssSoftMb == null ? MAX_AUTO
                : 1 + Math.max(0, (long) (agentPssSoftMb - FIRST_WORKER_PEAK_MB) / EXTRA_WORKER_PEAK_MB);
        return (int) Math.max(1, Math.min(Math.min(cores, byMemory), Math.min(byGuard, MAX_AUTO)));
    }

    /** The memory this process may use: the cgroup's limit when there is one, else the machine's RAM; in MB. */
    public static long memoryMb() {
        long total = totalMb();
        for (var file : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            try {
                var text = java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim();
                if (text.matches("\\d+")) {
                    long mb = Long.parseLong(text) / (1024 * 1024);
                    if (mb > 0 && mb < total) { // cgroup v1 reports "no limit" as a huge number
                        return mb;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // no such cgroup file: the machine's RAM counts
            }
        }
        return total;
    }

    private static long totalMb() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).orElse(1024L);
        } catch (java.io.IOException | RuntimeException e) {
            return 1024;
        }
    }

    public int size() {
        return pools.size();
    }

    public List<BrowserPool> pools() {
        return pools;
    }

    /** Work done on one worker's browser thread; the worker is handed over for what concerns it alone (its watchdog, its run count). */
    @FunctionalInterface
    public interface WorkerTask<T> {
        T run(BrowserPool worker, BrowserPool.ContextOpener contexts);
    }

    /** Runs {@code task} on the first free worker (picking and queueing are one step, so two runs never pick the same free worker). */
    public synchronized <T> CompletableFuture<T> run(WorkerTask<T> task) {
        var worker = pick();
        return worker.run(contexts -> task.run(worker, contexts));
    }

    /** The first worker with nothing queued, else the one with the shortest queue. */
    BrowserPool pick() {
        BrowserPool best = pools.getFirst();
        for (var pool : pools) {
            if (pool.pendingTasks() == 0) {
                return pool;
            }
            if (pool.pendingTasks() < best.pendingTasks()) {
                best = pool;
            }
        }
        return best;
    }

    /**
     * One status for all workers: FAILED if any cannot start (its runs fail), else UP if any runs,
     * else STARTING, else STOPPED (every browser closed, e.g. for idleness). Version and launch time
     * of the worker shown; restarts and runs summed. With several workers the detail counts their states.
     */
    public BrowserStatus status() {
        if (pools.size() == 1) {
            return pools.getFirst().status();
        }
        var all = pools.stream().map(BrowserPool::status).toList();
        int shown = indexOf(all, "FAILED");
        for (var state : List.of("UP", "STARTING")) {
            shown = shown >= 0 ? shown : indexOf(all, state);
        }
        shown = Math.max(shown, 0);
        var s = all.get(shown);
        var counts = new StringBuilder("workers:");
        states().forEach((state, n) -> counts.append(' ').append(n).append(' ').append(state).append(','));
        counts.setLength(counts.length() - 1);
        String detail = counts + (s.detail() == null ? "" : "; worker " + (shown + 1) + ": " + s.detail());
        return new BrowserStatus(s.state(), s.executable(), s.version(), detail, s.launchedAt(),
                restarts(), all.stream().mapToLong(BrowserStatus::runsSinceLaunch).sum());
    }

    private static int indexOf(List<BrowserStatus> all, String state) {
        for (int i = 0; i < all.size(); i++) {
            if (state.equals(all.get(i).state())) {
                return i;
            }
        }
        return -1;
    }

    /** How many workers are in each state (UP, STARTING, STOPPED, FAILED), in that order. */
    public Map<String, Integer> states() {
        var counts = new LinkedHashMap<String, Integer>();
        for (var state : List.of("UP", "STARTING", "STOPPED", "FAILED")) {
            int n = (int) pools.stream().filter(p -> state.equals(p.status().state())).count();
            if (n > 0) {
                counts.put(state, n);
            }
        }
        return counts;
    }

    /** The latest moment any worker's run got a context (null before the first). */
    public java.time.Instant lastContextOpened() {
        return pools.stream().map(BrowserPool::lastContextOpened).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).orElse(null);
    }

    public long restarts() {
        return pools.stream().mapToLong(BrowserPool::restarts).sum();
    }

    /** Every worker closes its browser after the task in hand; completes when all have. */
    public CompletableFuture<Void> recycle(String reason) {
        return CompletableFuture.allOf(pools.stream().map(p -> p.recycle(reason)).toArray(CompletableFuture[]::new));
    }

    /**
     * Proves that a browser can open a context now, without waiting behind a run: every worker whose
     * browser is running (or failed to start) and has nothing in hand is probed. When every running
     * worker is busy (a run can hold one for its whole timeout), a free worker is probed instead, even
     * one closed for idleness (it closes again after {@code idle-close-after}); only when no worker is
     * free does the probe queue behind a run, the least busy one. A worker closed for idleness is not
     * started to be probed while a running one is free; when all are closed and free the first is probed.
     */
    public CompletableFuture<Void> probe() {
        var live = pools.stream().filter(p -> !"STOPPED".equals(p.status().state())).toList();
        var freeLive = live.stream().filter(p -> p.pendingTasks() == 0).toList();
        if (!freeLive.isEmpty()) {
            return CompletableFuture.allOf(freeLive.stream().map(BrowserPool::probe).toArray(CompletableFuture[]::new));
        }
        var free = pools.stream().filter(p -> p.pendingTasks() == 0).findFirst();
        if (free.isPresent()) {
            return free.get().probe();
        }
        return pick().probe();
    }

    /** Kills the Chromium of every worker that has work in hand: the last resort when runs will not end at a stop. */
    public void kill(String reason) {
        pools.stream().filter(p -> p.pendingTasks() > 0).forEach(p -> p.kill(reason));
    }

    /** The driver and Chromium processes of every worker. */
    public Processes processes() {
        return new Processes(pools.stream().map(BrowserPool::processes).toList());
    }

    /** The processes of all workers, with the same questions {@link BrowserProcesses} answers for one. */
    public record Processes(List<BrowserProcesses> each) {
        public List<ProcessHandle> drivers() {
            return each.stream().flatMap(p -> p.drivers().stream()).toList();
        }

        public List<ProcessHandle> browsers() {
            return each.stream().flatMap(p -> p.browsers().stream()).toList();
        }

        public List<ProcessHandle> all() {
            return Stream.concat(drivers().stream(), browsers().stream()).toList();
        }
    }

    /** Closes every worker at once, each waiting up to {@code grace} for its task in hand. */
    public void close(Duration grace) {
        var closing = new ArrayList<Thread>();
        for (var pool : pools) {
            closing.add(Thread.ofPlatform().name("cloudvoter-browser-close").start(() -> pool.close(grace)));
        }
        for (var t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
