package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flow's target holding its instances back with a rate limit for longer than {@code longerThan}:
 * counted from when the first of them was seen paused to the latest end of the pause, so it fires
 * as soon as a target announces a long pause, or once consecutive pauses add up. It clears when no
 * instance of the flow is paused any more.
 */
public final class TargetPaused implements AlertRule {
    public static final String NAME = "target-paused";

    private record Paused(String flow, Instant until) {
    }

    private final Duration longerThan;
    private final Map<String, Paused> instances = new HashMap<>();
    private final Map<String, Instant> since = new HashMap<>();

    public TargetPaused(Duration longerThan, List<InstanceStatus> atStart, Instant now) {
        this.longerThan = longerThan;
        atStart.forEach(this::seen);
        instances.values().forEach(p -> since.putIfAbsent(p.flow(), now));
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
        switch (event) {
            case InstanceChanged c -> seen(c.instance());
            case InstanceRemoved r -> instances.remove(r.instanceId());
            default -> {
            }
        }
    }

    private void seen(InstanceStatus s) {
        if (s.pausedUntil() != null) {
            instances.put(s.id(), new Paused(s.flow(), s.pausedUntil()));
        } else {
            instances.remove(s.id());
        }
    }

    @Override
    public List<Verdict> evaluate(Instant now, Set<String> open) {
        var untilByFlow = new HashMap<String, Instant>();
        var countByFlow = new HashMap<String, Integer>();
        instances.values().removeIf(p -> !p.until().isAfter(now));
        for (var p : instances.values()) {
            untilByFlow.merge(p.flow(), p.until(), (a, b) -> a.isAfter(b) ? a : b);
            countByFlow.merge(p.flow(), 1, Integer::sum);
        }
        var verdicts = new ArrayList<Verdict>();
        untilByFlow.forEach((flow, until) -> {
            Instant start = since.computeIfAbsent(flow, f -> now);
            var length = Duration.between(start, until);
            if (length.compareTo(longerThan) > 0) {
                verdicts.add(Verdict.firing(key(flow), AlertSeverity.WARNING, "the target of flow " + flow + " rate-limits us: "
                        + countByFlow.get(flow) + " instance(s) paused since " + start + " until " + until + " ("
                        + Durations.format(length.withNanos(0)) + ", more than " + Durations.format(longerThan) + ")", null, flow));
            }
        });
        since.keySet().removeIf(flow -> {
            if (untilByFlow.containsKey(flow)) {
                return false;
            }
            verdicts.add(Verdict.clear(key(flow), "the target of flow " + flow + " no longer holds its instances back"));
            return true;
        });
        for (var key : open) {
            String flow = key.substring((NAME + ":flow:").length());
            if (!untilByFlow.containsKey(flow) && verdicts.stream().noneMatch(v -> v.key().equals(key))) {
                verdicts.add(Verdict.clear(key, "the target of flow " + flow + " no longer holds its instances back"));
            }
        }
        return verdicts;
    }
}
