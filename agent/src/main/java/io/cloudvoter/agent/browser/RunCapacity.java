package io.cloudvoter.agent.browser;

import io.cloudvoter.agent.config.SectionReader;
import io.cloudvoter.agent.proc.SystemFiles;


/**
 * How many browser workers the agent runs and how many runs it keeps in flight: admission by
 * memory. A run in flight is one browser context, so what the machine carries is the memory the
 * guard's {@code agent-pss} soft threshold leaves after the fixed cost (Java, and a driver and a
 * Chromium per worker), divided by what one in-flight context costs. Costs are measured on the
 * realistic bench target (docs/BENCHMARKS.md); a configured number always wins.
 *
 * @param reason how {@code auto} came to these numbers, for the start-up log line
 */
public record RunCapacity(int workers, int runsPerWorker, int maxConcurrentRuns, String reason) {
    // PSS at the peaks of `./cloudvoter bench`'s latency steps with 12 runs in flight on the poll page
    // (docs/ENGINE.md, "Memory"), with the driver's collector nudge and the network service in the
    // browser process. Before those two the driver alone swung between 140 and 230 MB, and the
    // constants were 110, 150, 150 and 25 (9 runs at 650 MB).
    /** The agent's JVM under load, with the launcher's options: 93-115 MB (the heap grows with the runs' traffic). */
    static final long JAVA_MB = 110;
    /** One Playwright driver (Node.js, young generation of 1 MB, the collector nudge): 124-141 MB with 11-12 pages in flight. */
    static final long DRIVER_MB = 140;
    /** One Chromium before any page: browser (with the network service) 69-70, zygote 23-24, GPU process about 40. */
    static final long BROWSER_MB = 135;
    /** One context with a page in flight: its renderer (19-20.5 MB) and its surface in the GPU process (about 3.6 MB). */
    static final long CONTEXT_MB = 24;
    /** A worker beyond the first must carry at least this many runs, or its driver and Chromium cost more than they give. */
    static final int MIN_RUNS_FOR_ANOTHER_WORKER = 8;
    static final int MAX_WORKERS_AUTO = 4;
    static final int MAX_WORKERS = 8;
    static final int MAX_RUNS_PER_WORKER_AUTO = 48;
    static final int MAX_RUNS_PER_WORKER = 128;
    /** {@code max-concurrent-runs} is 1–1024 (the scheduler's global permits; browser nodes carry most of them). */
    public static final int MAX_CONCURRENT = 1024;
    /** Without a guard threshold to stay under, this share of the machine's (or cgroup's) memory is the budget. */
    static final double BUDGET_WITHOUT_GUARD = 0.6;

    /**
     * @param workers           {@code browser.workers}; 0 for auto
     * @param runsPerWorker     {@code browser.runs-per-worker}; 0 for auto
     * @param maxConcurrentRuns {@code max-concurrent-runs}; 0 for auto
     * @param agentPssSoftMb    the guard's agent-pss soft threshold in MB; null when it is off
     */
    public static RunCapacity plan(int workers, int runsPerWorker, int maxConcurrentRuns, int cores, long memoryMb,
                                   Double agentPssSoftMb) {
        return plan(workers, runsPerWorker, maxConcurrentRuns, cores, memoryMb, agentPssSoftMb, BrowserPlacement.LOCAL_ONLY);
    }

    /**
     * With browser nodes: each costs the agent a local Playwright driver (its connection runs
     * through one), which comes off the budget of the local workers; their runs add to
     * {@code max-concurrent-runs: auto}. Without local browsers there are no local workers.
     */
    public static RunCapacity plan(int workers, int runsPerWorker, int maxConcurrentRuns, int cores, long memoryMb,
                                   Double agentPssSoftMb, BrowserPlacement placement) {
        long budget = agentPssSoftMb != null ? Math.round(agentPssSoftMb) : Math.round(memoryMb * BUDGET_WITHOUT_GUARD);
        int nodes = placement.endpoints().size();
        int remoteRuns = placement.endpoints().stream().mapToInt(BrowserEndpoint::runs).sum();
        budget -= nodes * DRIVER_MB;
        var why = new StringBuilder();
        why.append(cores).append(" cores, ").append(memoryMb).append(" MB, budget ").append(budget).append(" MB (")
                .append(agentPssSoftMb != null ? "guard agent-pss soft" : Math.round(BUDGET_WITHOUT_GUARD * 100) + "% of memory")
                .append(")");
        if (!placement.local()) {
            int max = maxConcurrentRuns != 0 ? maxConcurrentRuns : Math.min(MAX_CONCURRENT, remoteRuns);
            return new RunCapacity(0, 0, max, why.append("; no local browsers, ").append(nodes).append(" browser node(s)").toString());
        }
        int w = workers;
        if (w == 0) {
            // Runs interleave on one driver; a second one only pays with a core for it and room for its runs.
            w = Math.max(1, Math.min(cores / 2, MAX_WORKERS_AUTO));
            while (w > 1 && contextsPerWorker(budget, w) < MIN_RUNS_FOR_ANOTHER_WORKER) {
                w--;
            }
        }
        int r = runsPerWorker;
        if (r == 0) {
            r = (int) Math.max(1, Math.min(MAX_RUNS_PER_WORKER_AUTO, contextsPerWorker(budget, w)));
            why.append("; fixed ").append(fixedMb(w)).append(" MB, ").append(CONTEXT_MB).append(" MB per run in flight");
        }
        if (nodes > 0) {
            why.append("; ").append(nodes).append(" browser node(s) with ").append(remoteRuns).append(" run(s)");
        }
        int max = maxConcurrentRuns != 0 ? maxConcurrentRuns : (int) Math.min(MAX_CONCURRENT, (long) w * r + remoteRuns);
        return new RunCapacity(w, r, max, why.toString());
    }

    private static long fixedMb(int workers) {
        return JAVA_MB + workers * (DRIVER_MB + BROWSER_MB);
    }

    private static long contextsPerWorker(long budgetMb, int workers) {
        return Math.max(0, budgetMb - fixedMb(workers)) / CONTEXT_MB / workers;
    }

    /** Reads {@code cloudvoter.browser.workers}: {@code auto} (0) or a whole number from 1 to 8. */
    public static int readWorkers(SectionReader browser) {
        return browser.integerOrAuto("workers", 1, MAX_WORKERS);
    }

    /** Reads {@code cloudvoter.browser.runs-per-worker}: {@code auto} (0) or a whole number from 1 to 128. */
    public static int readRunsPerWorker(SectionReader browser) {
        return browser.integerOrAuto("runs-per-worker", 1, MAX_RUNS_PER_WORKER);
    }

    /** The memory this process may use: its cgroup's limit when there is one, else the machine's RAM; in MB. */
    public static long memoryMb() {
        var files = SystemFiles.host();
        Long total = files.memory()[0];
        Long limit = files.memoryLimit();
        long bytes = limit != null && (total == null || limit < total) ? limit : total != null ? total : 1024L * 1024 * 1024;
        return bytes / (1024 * 1024);
    }
}
