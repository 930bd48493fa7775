package io.cloudvoter.agent.browser;

import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.WorkerStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The agent's browsers: one {@link BrowserWorker} per worker, each with its own Playwright driver
 * and Chromium and many runs in flight. A run goes to the first worker with room (its capacity),
 * so a second Chromium only starts when the first is full; each worker closes its browser again
 * after {@code browser.idle-close-after}. Every worker carries the agent's reaper marker; only the
 * first one reaps, and the reaper never touches a process this JVM started.
 */
public final class BrowserWorkers implements AutoCloseable {
    private final List<BrowserWorker> workers;

    public BrowserWorkers(List<BrowserWorker> workers) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("at least one browser worker");
        }
        this.workers = List.copyOf(workers);
    }

    /** {@code count} workers sharing {@code settings} and {@code lifecycle}, each taking {@code runsPerWorker} runs in flight. */
    public static BrowserWorkers start(BrowserSettings settings, BrowserLifecycle lifecycle, Clock clock, int count, int runsPerWorker) {
        var workers = new ArrayList<BrowserWorker>();
        try {
            for (int i = 1; i <= count; i++) {
                boolean reaps = i == 1 && lifecycle != BrowserLifecycle.MANUAL;
                workers.add(new BrowserWorker(settings, lifecycle, clock, count == 1 ? 0 : i, reaps, runsPerWorker));
            }
        } catch (RuntimeException e) {
            workers.forEach(BrowserWorker::close);
            throw e;
        }
        return new BrowserWorkers(workers);
    }

    public int size() {
        return workers.size();
    }

    public List<BrowserWorker> workers() {
        return workers;
    }

    /** Work done with one worker's browser; the worker is handed over for what concerns it alone (its watchdog). */
    @FunctionalInterface
    public interface WorkerTask<T> {
        T run(BrowserWorker worker, BrowserWorker.Session session);
    }

    /** Runs {@code task} on the calling thread, on the worker {@link #pick} chooses. */
    public <T> T call(String what, WorkerTask<T> task) {
        var worker = pick();
        try {
            return worker.call(what, session -> task.run(worker, session));
        } finally {
            worker.unassign();
        }
    }

    /**
     * The first worker with room and not being replaced, else the least loaded one; it is counted
     * as taken before this returns (picking and counting are one step, so two runs never both take
     * the last place of a worker).
     */
    synchronized BrowserWorker pick() {
        var chosen = workers.stream().filter(w -> !w.draining() && w.load() < w.capacity()).findFirst()
                .orElseGet(() -> workers.stream().min(Comparator.comparingInt(BrowserWorker::load)).orElseThrow());
        chosen.assign();
        return chosen;
    }

    /** Runs in flight (or about to start) this many workers carry at most. */
    public int capacity() {
        return workers.stream().mapToInt(BrowserWorker::capacity).sum();
    }

    public int inFlight() {
        return workers.stream().mapToInt(BrowserWorker::inFlight).sum();
    }

    /** Each worker: its browser's state, runs in flight and capacity. */
    public List<WorkerStatus> workerStatuses() {
        var list = new ArrayList<WorkerStatus>();
        for (int i = 0; i < workers.size(); i++) {
            var w = workers.get(i);
            var s = w.status();
            list.add(new WorkerStatus("worker-" + (i + 1), "local", s.executable(), s.state(), s.version(), w.inFlight(),
                    w.capacity(), s.detail(), s.launchedAt(), s.restarts()));
        }
        return list;
    }

    /**
     * One status for all workers: FAILED if any cannot start (its runs fail), else UP if any runs,
     * else STARTING, else STOPPED (every browser closed, e.g. for idleness). Version and launch time
     * of the worker shown; restarts and runs summed. With several workers the detail counts their states.
     */
    public BrowserStatus status() {
        if (workers.size() == 1) {
            return workers.getFirst().status();
        }
        var all = workers.stream().map(BrowserWorker::status).toList();
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
            int n = (int) workers.stream().filter(w -> state.equals(w.status().state())).count();
            if (n > 0) {
                counts.put(state, n);
            }
        }
        return counts;
    }

    /** The latest moment any worker's run got a context (null before the first). */
    public java.time.Instant lastContextOpened() {
        return workers.stream().map(BrowserWorker::lastContextOpened).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
    }

    public long restarts() {
        return workers.stream().mapToLong(BrowserWorker::restarts).sum();
    }

    /** Every worker replaces its browser once its runs in flight are done; completes when all have. */
    public CompletableFuture<Void> recycle(String reason) {
        return CompletableFuture.allOf(workers.stream().map(w -> w.recycle(reason)).toArray(CompletableFuture[]::new));
    }

    /**
     * Proves that a browser can open a context now. Runs no longer hold a worker, so a probe never
     * waits behind one: every worker whose browser is running (or failed to start) is probed; a
     * worker closed for idleness is not started for it, unless every worker is closed, when the
     * first one is.
     */
    public CompletableFuture<Void> probe() {
        var live = workers.stream().filter(w -> !"STOPPED".equals(w.status().state())).toList();
        if (live.isEmpty()) {
            return workers.getFirst().probe();
        }
        return CompletableFuture.allOf(live.stream().map(BrowserWorker::probe).toArray(CompletableFuture[]::new));
    }

    /** Kills the Chromium of every worker that has runs in flight: the last resort when runs will not end at a stop. */
    public void kill(String reason) {
        workers.stream().filter(w -> w.inFlight() > 0).forEach(w -> w.kill(reason));
    }

    /** The driver and Chromium processes of every worker. */
    public Processes processes() {
        return new Processes(workers.stream().map(BrowserWorker::processes).toList());
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

    /** Closes every worker at once, each waiting up to {@code grace} for its browser to close. */
    public void close(Duration grace) {
        var closing = workers.stream()
                .map(w -> Thread.ofVirtual().name("cloudvoter-browser-close").start(() -> w.close(grace)))
                .toList();
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
