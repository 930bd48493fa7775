package io.cloudvoter.agent.metrics;

import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.events.EventBus;
import io.cloudvoter.agent.logging.LogStream;
import io.cloudvoter.agent.proc.SystemFiles;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.agent.stream.StreamEndpoint;
import io.cloudvoter.agent.web.AuthThrottle;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.RunFinished;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's Prometheus metrics. Counters of things that happened (runs by outcome, run durations,
 * guard actions) are counted from the event bus, so they agree with what clients see; everything
 * else is read when scraped. Counters start at zero with each agent process, as Prometheus expects.
 */
public final class AgentMetrics implements EventBus.Subscriber {
    /** Run durations in seconds: a vote takes a second or two, a slow flow up to its timeout. */
    private static final double[] DURATION_BUCKETS = {0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300};
    /** Guard actions are a small closed set; a cap keeps a misbehaving source from growing the output. */
    private static final int MAX_GUARD_SERIES = 64;

    /** What the metrics read when scraped. */
    public record Parts(String version, EventBus bus, Scheduler scheduler, BrowserWorkers browser, StreamEndpoint stream,
                        LogStream logs, AuthThrottle auth) {
    }

    private final Parts p;
    private final Map<Outcome, LongAdder> runs = new EnumMap<>(Outcome.class);
    private final Histogram durations = new Histogram(DURATION_BUCKETS);
    private final Map<String, LongAdder> guardActions = new ConcurrentHashMap<>();
    private final long startedAtMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final java.util.List<java.util.function.Consumer<PrometheusText>> sections = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AgentMetrics(Parts parts) {
        this.p = parts;
        for (var o : Outcome.values()) {
            if (o.isFinal()) {
                runs.put(o, new LongAdder());
            }
        }
        parts.bus().subscribe(this);
    }

    @Override
    public boolean offer(AgentEvent event) {
        switch (event) {
            case RunFinished f when f.run().outcome() != null && f.run().outcome().isFinal() -> {
                runs.get(f.run().outcome()).increment();
                if (f.run().durationMs() != null) {
                    durations.observe(f.run().durationMs() / 1000.0);
                }
            }
            case GuardEvent g when g.action() != null -> {
                String key = g.action().level() + "\n" + g.action().action();
                var counter = guardActions.get(key);
                if (counter == null && guardActions.size() < MAX_GUARD_SERIES) {
                    counter = guardActions.computeIfAbsent(key, k -> new LongAdder());
                }
                if (counter != null) {
                    counter.increment();
                }
            }
            default -> {
            }
        }
        return true;
    }

    /** Adds families a feature writes itself (the alerts), after the agent's own. */
    public void extend(java.util.function.Consumer<PrometheusText> section) {
        sections.add(section);
    }

    /** The whole exposition, as {@code GET /metrics} answers it. */
    public String scrape() {
        var out = new PrometheusText();
        out.family("cloudvoter_info", "gauge", "The agent's version and wire protocol.")
                .sample("cloudvoter_info", 1, "version", p.version(), "protocol", Integer.toString(Protocol.VERSION));
        runs(out);
        instances(out);
        browser(out);
        stream(out);
        auth(out);
        sections.forEach(s -> s.accept(out));
        jvm(out);
        process(out);
        return out.toString();
    }

    private void runs(PrometheusText out) {
        out.family("cloudvoter_runs_total", "counter", "Runs that ended since the agent started, by outcome.");
        runs.forEach((outcome, n) -> out.sample("cloudvoter_runs_total", n.sum(), "outcome", outcome.name()));
        out.family("cloudvoter_run_duration_seconds", "histogram", "How long runs took, start to outcome.");
        durations.write(out, "cloudvoter_run_duration_seconds");
        out.family("cloudvoter_runs_in_flight", "gauge", "Runs executing now.")
                .sample("cloudvoter_runs_in_flight", p.scheduler().runningNow());
        out.family("cloudvoter_max_concurrent_runs", "gauge", "The configured limit of runs in flight.")
                .sample("cloudvoter_max_concurrent_runs", p.scheduler().maxConcurrentRuns());
        out.family("cloudvoter_monitoring", "gauge", "1 while the scheduling loop is started, 0 while stopped.")
                .sample("cloudvoter_monitoring", p.scheduler().monitoring() ? 1 : 0);
    }

    private void instances(PrometheusText out) {
        var byState = new EnumMap<InstanceState, Integer>(InstanceState.class);
        for (var s : InstanceState.values()) {
            byState.put(s, 0);
        }
        p.scheduler().statuses().forEach(s -> byState.merge(s.state(), 1, Integer::sum));
        out.family("cloudvoter_instances", "gauge", "Instances by what they are doing.");
        byState.forEach((state, n) -> out.sample("cloudvoter_instances", n, "state", state.name()));
    }

    private void browser(PrometheusText out) {
        out.family("cloudvoter_browser_up", "gauge", "1 while Chromium is running and connected (with several workers: one at least, and none failing to start).")
                .sample("cloudvoter_browser_up", "UP".equals(p.browser().status().state()) ? 1 : 0);
        out.family("cloudvoter_browser_workers", "gauge", "Browser workers (one Chromium and driver each), by the state of their browser.");
        var states = p.browser().states();
        for (var state : java.util.List.of("UP", "STARTING", "STOPPED", "FAILED")) {
            out.sample("cloudvoter_browser_workers", states.getOrDefault(state, 0), "state", state);
        }
        var workers = p.browser().workerStatuses();
        out.family("cloudvoter_worker_runs_in_flight", "gauge", "Runs in flight on each browser worker (they share its driver and Chromium).");
        workers.forEach(w -> out.sample("cloudvoter_worker_runs_in_flight", w.inFlight(), "worker", w.name(), "kind", w.kind()));
        out.family("cloudvoter_worker_capacity", "gauge", "Runs in flight each browser worker takes before runs go to another.");
        workers.forEach(w -> out.sample("cloudvoter_worker_capacity", w.capacity(), "worker", w.name(), "kind", w.kind()));
        out.family("cloudvoter_browser_restarts_total", "counter", "Chromium relaunches (crash or recycle) since the agent started, all workers together.")
                .sample("cloudvoter_browser_restarts_total", p.browser().restarts());
        out.family("cloudvoter_guard_actions_total", "counter", "Resource guard actions, by the level they moved to and the action.");
        guardActions.forEach((key, n) -> {
            int cut = key.indexOf('\n');
            out.sample("cloudvoter_guard_actions_total", n.sum(), "level", key.substring(0, cut), "action", key.substring(cut + 1));
        });
    }

    private void stream(PrometheusText out) {
        out.family("cloudvoter_events_published_total", "counter", "Events published on the event bus.")
                .sample("cloudvoter_events_published_total", p.bus().published());
        out.family("cloudvoter_ws_clients", "gauge", "Open /ws connections.")
                .sample("cloudvoter_ws_clients", p.stream().clients());
        out.family("cloudvoter_ws_clients_cut_total", "counter", "Stream clients closed because they did not keep up.")
                .sample("cloudvoter_ws_clients_cut_total", p.stream().slowClientsCut(), "reason", "slow");
        out.family("cloudvoter_events_dropped_total", "counter",
                        "Events that did not reach a client: queued for a client cut as too slow, or log lines over the stream's rate.")
                .sample("cloudvoter_events_dropped_total", p.stream().eventsDiscarded(), "reason", "slow-client")
                .sample("cloudvoter_events_dropped_total", p.logs().dropped(), "reason", "log-rate");
    }

    private void auth(PrometheusText out) {
        out.family("cloudvoter_auth_failures_total", "counter", "Requests with a wrong token (requests with none are not counted).")
                .sample("cloudvoter_auth_failures_total", p.auth().failures());
        out.family("cloudvoter_auth_lockouts_total", "counter", "Times an address was locked out after repeated failures.")
                .sample("cloudvoter_auth_lockouts_total", p.auth().lockouts());
        out.family("cloudvoter_auth_throttled_total", "counter", "Requests answered 429 because their address was locked out.")
                .sample("cloudvoter_auth_throttled_total", p.auth().refused());
    }

    private static void jvm(PrometheusText out) {
        var memory = ManagementFactory.getMemoryMXBean();
        var heap = memory.getHeapMemoryUsage();
        var nonHeap = memory.getNonHeapMemoryUsage();
        out.family("jvm_memory_used_bytes", "gauge", "JVM memory in use.")
                .sample("jvm_memory_used_bytes", heap.getUsed(), "area", "heap")
                .sample("jvm_memory_used_bytes", nonHeap.getUsed(), "area", "nonheap");
        out.family("jvm_memory_committed_bytes", "gauge", "JVM memory committed by the OS.")
                .sample("jvm_memory_committed_bytes", heap.getCommitted(), "area", "heap")
                .sample("jvm_memory_committed_bytes", nonHeap.getCommitted(), "area", "nonheap");
        out.family("jvm_memory_max_bytes", "gauge", "The largest the heap may grow.")
                .sample("jvm_memory_max_bytes", heap.getMax(), "area", "heap");
        out.family("jvm_threads_live", "gauge", "Live platform threads.")
                .sample("jvm_threads_live", ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** What the process costs, from {@code /proc/self} (Linux) and the JVM; absent readings are left out. */
    private void process(PrometheusText out) {
        var self = SystemFiles.host();
        Optional.ofNullable(self.status("self", "VmRSS")).ifPresent(v -> out.family("process_resident_memory_bytes", "gauge",
                "Resident memory of the agent process (Chromium not included).").sample("process_resident_memory_bytes", v));
        Optional.ofNullable(self.status("self", "VmSize")).ifPresent(v -> out.family("process_virtual_memory_bytes", "gauge",
                "Virtual memory of the agent process.").sample("process_virtual_memory_bytes", v));
        cpuNanos().ifPresent(v -> out.family("process_cpu_seconds_total", "counter",
                "CPU time of the agent process.").sample("process_cpu_seconds_total", v / 1e9));
        Optional.ofNullable(self.openFiles("self")).ifPresent(v -> out.family("process_open_fds", "gauge",
                "Open file descriptors of the agent process.").sample("process_open_fds", v));
        out.family("process_start_time_seconds", "gauge", "When the agent process started, in seconds since the epoch.")
                .sample("process_start_time_seconds", startedAtMillis / 1000.0);
    }

    /** CPU time used by the JVM process, in nanoseconds. */
    private static Optional<Long> cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            return t < 0 ? Optional.empty() : Optional.of(t);
        }
        return Optional.empty();
    }
}
