package io.cloudvoter.desktop.resources;

import io.cloudvoter.model.api.WorkerStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An agent's browser workers in one line, for the fleet: "2 up, 1 failed", and each failing worker
 * with its endpoint and reason. Sorts the agents with failing workers first.
 *
 * @param counts  workers per state, in the order UP, STARTING, STOPPED, FAILED (states with none left out)
 * @param failing "worker-2 (ws://…): reason" for each FAILED worker
 */
public record WorkerSummary(Map<String, Integer> counts, List<String> failing) implements Comparable<WorkerSummary> {
    private static final List<String> ORDER = List.of("UP", "STARTING", "STOPPED", "FAILED");

    public WorkerSummary {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        failing = List.copyOf(failing);
    }

    /** The summary of {@code workers}; null when there are none (an agent that does not report them). */
    public static WorkerSummary of(List<WorkerStatus> workers) {
        if (workers.isEmpty()) {
            return null;
        }
        var counts = new LinkedHashMap<String, Integer>();
        for (var state : ORDER) {
            int n = (int) workers.stream().filter(w -> state.equals(w.state())).count();
            if (n > 0) {
                counts.put(state, n);
            }
        }
        int other = workers.size() - counts.values().stream().mapToInt(Integer::intValue).sum();
        if (other > 0) {
            counts.put("OTHER", other); // a state a newer agent may add
        }
        var failing = new ArrayList<String>();
        for (var w : workers) {
            if ("FAILED".equals(w.state())) {
                failing.add(w.name() + " (" + w.endpoint() + "): " + (w.lastError() == null ? "no reason given" : w.lastError()));
            }
        }
        return new WorkerSummary(counts, failing);
    }

    public int failed() {
        return counts.getOrDefault("FAILED", 0);
    }

    public int up() {
        return counts.getOrDefault("UP", 0);
    }

    /** "2 up, 1 failed". */
    public String text() {
        var parts = new ArrayList<String>();
        counts.forEach((state, n) -> parts.add(n + " " + state.toLowerCase(Locale.ROOT)));
        return String.join(", ", parts);
    }

    /** success (none failed), warning (some failed, others run), danger (all failed). */
    public String tone() {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return failed() == 0 ? "success" : failed() < total ? "warning" : "danger";
    }

    @Override
    public int compareTo(WorkerSummary o) {
        int byFailed = Integer.compare(o.failed(), failed());
        return byFailed != 0 ? byFailed : Integer.compare(o.up(), up());
    }
}
