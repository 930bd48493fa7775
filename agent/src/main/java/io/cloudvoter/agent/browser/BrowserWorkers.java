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
 * and Chromium and many runs in flight — local workers first, then one per browser node. A run goes
 * to the first worker with room (its capacity) that can run now, so a second Chromium only starts
 * when the first is full, and runs go elsewhere while a node is down; each worker closes its
 * browser again after {@code browser.idle-close-after}. Every local worker carries the agent's
 * reaper marker; only the first one reaps, and the reaper never touches a process this JVM started.
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
        return start(settings, lifecycle, clock, count, runsPerWorker, List.of());
    }

    /** {@code count} local workers, then a worker for each browser node (taking its own {@code runs}). */
    public static BrowserWorkers start(BrowserSettings settings, BrowserLifecycle lifecycle, Clock clock, int count, int runsPerWorker,
                                       List<BrowserEndpoint> nodes) {
        var workers = new ArrayList<BrowserWorker>();
        int total = count + nodes.size();
        try {
            for (int i = 1; i <= count; i++) {
                boolean reaps = i == 1 && lifecycle != BrowserLifecycle.MANUAL;
                workers.add(new BrowserWorker(settings, lifecycle, clock, total == 1 ? 0 : i, reaps, runsPerWorker));
            }
            for (var node : nodes) {
                workers.add(new BrowserWorker(settings, node, lifecycle, clock, workers.size() + 1, false, node.runs()));
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

    /**
     * Runs {@code task} on the calling thread, on the worker {@link #pick} chooses. A worker whose
     * browser cannot be had (a node that went away while its connection was closed for idleness, a
     * Chromium that will not start) hands the run to another worker, as long as one is left.
     */
    public <T> T call(String what, WorkerTask<T> task) {
        var refused = new java.util.HashSet<BrowserWorker>();
        while (true) {
            var worker = pick(refused);
            try {
                return worker.call(what, session -> task.run(worker, session));
            } catch (BrowserUnavailableException e) {
                // Thrown before the task started (inside it, the run records the failure itself).
                refused.add(worker);
                if (workers.stream().noneMatch(w -> !refused.contains(w) && w.available())) {
                    throw e;
                }
            } finally {
                worker.unassign();
            }
        }
    }

    synchronized BrowserWorker pick() {
        return pick(java.util.Set.of());
    }

    /**
     * The first worker with room and not being replaced, else the least loaded one, leaving out
     * {@code refused}; it is counted as taken before this returns (picking and counting are one
     * step, so two runs never both take the last place of a worker).
     */
    synchronized BrowserWorker pick(java.util.Set<BrowserWorker> refused) {
        var usable = workers.stream().filter(w -> !refused.contains(w) && w.available()).toList();
        var among = usable.isEmpty() ? workers : usable; // none can run: the run fails fast with the reason
        var chosen = among.stream().filter(w -> !w.draining() && w.load() < w.capacity()).findFirst()
                .orElseGet(() -> among.stream().min(Comparator.comparingInt(BrowserWorker::load)).orElseThrow());
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
            list.add(new WorkerStatus("worker-" + (i + 1), w.remote() ? "remote" : "local", w.where(), s.state(), s.version(),
                    w.inFlight(), w.capacity(), s.detail(), s.launchedAt(), s.restarts()));
        }
        return list;
    }

    /**
     * One status for all workers, as good as the best of them, since runs go where they can run: UP
     * if any runs, else STARTING, else STOPPED (closed for idleness: starts on demand), and FAILED
     * only when every worker failed. Version and launch time of the worker shown; restarts and runs
     * summed. With several workers the detail counts their states and names each failing one.
     */
    public BrowserStatus status() {
        if (workers.size() == 1) {
            return workers.getFirst().status();
        }
        var all = workers.stream().map(BrowserWorker::status).toList();
        int shown = -1;
        for (var state : List.of("UP", "STARTING", "STOPPED", "FAILED")) {
            shown = shown >= 0 ? shown : indexOf(all, state);
        }
        shown = Math.max(shown, 0);
        var s = all.get(shown);
        var detail = new StringBuilder("workers:");
        states().forEach((state, n) -> detail.append(' ').append(n).append(' ').append(state).append(','));
        detail.setLength(detail.length() - 1);
        for (int i = 0; i < all.size(); i++) {
            if ("FAILED".equals(all.get(i).state()) || (i == shown && all.get(i).detail() != null)) {
                detail.append("; worker ").append(i + 1).append(" (").append(workers.get(i).where()).append("): ")
                        .append(all.get(i).detail());
            }
        }
        return new BrowserStatus(s.state(), s.executable(), s.version(), detail.toString(), s.launchedAt(),
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
     * Proves that a browser can open a context now: the agent is ready while any worker can run.
     * Runs no longer hold a worker, so a probe never waits behind one: every worker whose browser is
     * running (or failed to start) is probed, and the probe succeeds when one of them opens a
     * context; it fails, with every worker's reason, when none does. A worker closed for idleness
     * is not started for it, unless every worker is closed, when the first one is.
     */
    public CompletableFuture<Void> probe() {
        var live = workers.stream().filter(w -> !"STOPPED".equals(w.status().state())).toList();
        if (live.isEmpty()) {
            return workers.getFirst().probe();
        }
        var probes = live.stream().map(BrowserWorker::probe).toList();
        var result = new CompletableFuture<Void>();
        var left = new java.util.concurrent.atomic.AtomicInteger(probes.size());
        var reasons = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        for (int i = 0; i < probes.size(); i++) {
            var worker = live.get(i);
            probes.get(i).whenComplete((ok, error) -> {
                if (error == null) {
                    result.complete(null);
                } else {
                    reasons.add(worker.where() + ": " + BrowserWorker.firstLine(BrowserWorker.cause(error).getMessage()));
                }
                if (left.decrementAndGet() == 0 && !result.isDone()) {
                    var failure = BrowserWorker.cause(probes.getFirst().handle((v, e) -> e).join());
                    result.completeExceptionally(probes.size() == 1 ? failure
                            : new BrowserUnavailableException("no browser worker opens a context: " + String.join("; ", reasons), failure));
                }
            });
        }
        return result;
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
