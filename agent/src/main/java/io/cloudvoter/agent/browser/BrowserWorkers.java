package io.cloudvoter.agent.browser;

import io.cloudvoter.model.api.BrowserStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The agent's browsers: one {@link BrowserPool} per worker, each with its own thread, Playwright
 * driver and Chromium (Playwright is single-threaded, so concurrent runs need separate drivers).
 * A run goes to the first worker with nothing to do, so extra workers are only started when runs
 * overlap, and {@link IdleStop} stops them again when they are not needed.
 */
public final class BrowserWorkers implements AutoCloseable {
    /** What one more worker may cost at its peak: driver ~95 MB, Chromium ~70 MB, contexts in flight, with room to spare. */
    static final long WORKER_MB = 300;
    /** Kept for the JVM, the first worker and the operating system. */
    static final long BASE_MB = 900;
    static final int MAX_AUTO = 4;

    private final List<BrowserPool> pools;

    public BrowserWorkers(List<BrowserPool> pools) {
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("at least one browser worker");
        }
        this.pools = List.copyOf(pools);
    }

    /**
     * How many workers a machine carries: one per core, as memory allows (one up to about 1.2 GB,
     * then one more per 300 MB), at most four. CPU is what runs need most; memory decides whether
     * a second Chromium fits at all.
     */
    public static int auto(int cores, long memoryMb) {
        long byMemory = memoryMb <= BASE_MB ? 1 : 1 + (memoryMb - BASE_MB) / WORKER_MB;
        return (int) Math.max(1, Math.min(Math.min(cores, byMemory), MAX_AUTO));
    }

    /** The memory this process may use: the cgroup's limit when there is one, else the machine's RAM; in MB. */
    public static long memoryMb() {
        for (var file : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            try {
                var text = java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim();
                if (text.matches("\\d+")) {
                    long mb = Long.parseLong(text) / (1024 * 1024);
                    if (mb > 0 && mb < 1L << 40) { // v1 reports "no limit" as a huge number
                        return Math.min(mb, totalMb());
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // no such cgroup file
            }
        }
        return totalMb();
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

    /** The first worker with nothing queued, else the one with the shortest queue. */
    public BrowserPool pick() {
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
     * One status for all workers: FAILED if any cannot start, else UP if any is up; version and
     * launch time of the first that is up; restarts and runs summed.
     */
    public BrowserStatus status() {
        var all = pools.stream().map(BrowserPool::status).toList();
        var failed = all.stream().filter(s -> "FAILED".equals(s.state())).findFirst();
        var shown = failed.or(() -> all.stream().filter(s -> "UP".equals(s.state())).findFirst())
                .or(() -> all.stream().filter(s -> "STARTING".equals(s.state())).findFirst())
                .orElse(all.getFirst());
        return new BrowserStatus(shown.state(), shown.executable(), shown.version(), shown.detail(), shown.launchedAt(),
                restarts(), all.stream().mapToLong(BrowserStatus::runsSinceLaunch).sum());
    }

    public long restarts() {
        return pools.stream().mapToLong(BrowserPool::restarts).sum();
    }

    /** Every worker closes its browser after the task in hand. */
    public void recycle(String reason) {
        pools.forEach(p -> p.recycle(reason));
    }

    /** Proves the first worker can serve a run. */
    public CompletableFuture<Void> probe() {
        return pools.getFirst().probe();
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

    /** Closes every worker at once, each with {@code grace}. */
    public void close(Duration grace) {
        var closing = new ArrayList<Thread>();
        for (var pool : pools) {
            closing.add(Thread.ofPlatform().start(() -> pool.close(grace)));
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
