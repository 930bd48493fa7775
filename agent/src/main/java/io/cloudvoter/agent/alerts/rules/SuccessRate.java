package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.RunFinished;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flow whose runs of the last {@code window} succeeded less often than {@code below} percent,
 * once it has at least {@code minRuns} of them. Runs count when they gave a verdict: {@code SUCCESS},
 * {@code FAILED}, {@code ERROR}; a rate limit or an interruption says nothing about the flow.
 */
public final class SuccessRate implements AlertRule {
    public static final String NAME = "success-rate";

    private record Ended(Instant at, boolean success) {
    }

    private final double below;
    private final Duration window;
    private final int minRuns;
    private final Map<String, ArrayDeque<Ended>> flows = new HashMap<>();

    /** @param recent the runs of the last window at start, any order */
    public SuccessRate(double below, Duration window, int minRuns, List<RunRecord> recent) {
        this.below = below;
        this.window = window;
        this.minRuns = minRuns;
        recent.stream().sorted(java.util.Comparator.comparing(RunRecord::startedAt)).forEach(this::add);
    }

    public static String key(String flow) {
        return NAME + ":flow:" + flow;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onEvent(AgentEvent event) {
        if (event instanceof RunFinished f) {
            add(f.run());
        }
    }

    private void add(RunRecord run) {
        var o = run.outcome();
        if (o == Outcome.SUCCESS || o == Outcome.FAILED || o == Outcome.ERROR) {
            Instant end = run.durationMs() == null ? run.startedAt() : run.startedAt().plusMillis(run.durationMs());
            flows.computeIfAbsent(run.flow(), f -> new ArrayDeque<>()).addLast(new Ended(end, o == Outcome.SUCCESS));
        }
    }

    @Override
    public List<Verdict> evaluate(Instant now, Set<String> open) {
        var verdicts = new ArrayList<Verdict>();
        Instant from = now.minus(window);
        for (var it = flows.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            var runs = e.getValue();
            while (!runs.isEmpty() && runs.peekFirst().at().isBefore(from)) {
                runs.removeFirst();
            }
            String key = key(e.getKey());
            long ok = runs.stream().filter(Ended::success).count();
            double rate = runs.isEmpty() ? 100 : 100.0 * ok / runs.size();
            String figures = ok + " of " + runs.size() + " runs of flow " + e.getKey() + " succeeded in the last "
                    + io.cloudvoter.agent.config.Durations.format(window) + " (" + Math.round(rate) + "%)";
            if (runs.size() >= minRuns && rate < below) {
                verdicts.add(Verdict.firing(key, AlertSeverity.WARNING, figures + ", below " + fmt(below) + "%", null, e.getKey()));
            } else {
                verdicts.add(Verdict.clear(key, runs.size() < minRuns
                        ? "fewer than " + minRuns + " runs of flow " + e.getKey() + " in the last " + io.cloudvoter.agent.config.Durations.format(window)
                        : figures));
            }
            if (runs.isEmpty()) {
                it.remove();
            }
        }
        for (var key : open) {
            String flow = key.substring((NAME + ":flow:").length());
            if (!flows.containsKey(flow) && verdicts.stream().noneMatch(v -> v.key().equals(key))) {
                verdicts.add(Verdict.clear(key, "no runs of flow " + flow + " in the last " + io.cloudvoter.agent.config.Durations.format(window)));
            }
        }
        return verdicts;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
