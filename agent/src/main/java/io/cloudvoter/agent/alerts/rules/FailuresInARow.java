package io.cloudvoter.agent.alerts.rules;

import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.RunFinished;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An instance whose last {@code threshold} runs all ended {@code FAILED} or {@code ERROR}. A
 * {@code SUCCESS} ends the streak; {@code RATE_LIMITED} and {@code INTERRUPTED} neither count nor
 * end it (the target asked us to wait; we stopped). Streaks are read back from the run history at
 * start, so a restart in the middle of one does not reset it.
 */
public final class FailuresInARow implements AlertRule {
    public static final String NAME = "failures-in-a-row";

    private record Streak(int count, RunRecord last) {
    }

    private final int threshold;
    private final Map<String, Streak> streaks = new HashMap<>();
    private final Map<String, String> flows = new HashMap<>();
    private final Map<String, String> ended = new HashMap<>();

    /**
     * @param instances the instances at start
     * @param history   an instance's newest runs, newest first (at most {@code threshold} that count are needed)
     */
    public FailuresInARow(int threshold, List<InstanceStatus> instances, Function<String, List<RunRecord>> history) {
        this.threshold = threshold;
        for (var i : instances) {
            flows.put(i.id(), i.flow());
            int count = 0;
            RunRecord last = null;
            for (var run : history.apply(i.id())) {
                if (run.outcome() == Outcome.SUCCESS || run.outcome() == Outcome.RUNNING) {
                    break;
                }
                if (counts(run.outcome())) {
                    last = last == null ? run : last;
                    count++;
                }
            }
            if (count > 0) {
                streaks.put(i.id(), new Streak(count, last));
            }
        }
    }

    public static String key(String instanceId) {
        return NAME + ":instance:" + instanceId;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onEvent(AgentEvent event) {
        switch (event) {
            case RunFinished f -> {
                var run = f.run();
                flows.put(run.instanceId(), run.flow());
                if (run.outcome() == Outcome.SUCCESS) {
                    var was = streaks.remove(run.instanceId());
                    ended.put(run.instanceId(), "run " + run.id() + " succeeded" + (was == null ? "" : " after "
                            + was.count() + " failure" + (was.count() == 1 ? "" : "s")));
                } else if (counts(run.outcome())) {
                    streaks.merge(run.instanceId(), new Streak(1, run), (a, b) -> new Streak(a.count() + 1, run));
                }
            }
            case InstanceChanged c -> flows.put(c.instance().id(), c.instance().flow());
            case InstanceRemoved r -> {
                flows.remove(r.instanceId());
                streaks.remove(r.instanceId());
                ended.put(r.instanceId(), "the instance was removed");
            }
            default -> {
            }
        }
    }

    @Override
    public List<Verdict> evaluate(Instant now, Set<String> open) {
        var verdicts = new ArrayList<Verdict>();
        streaks.forEach((id, s) -> {
            if (s.count() >= threshold) {
                var last = s.last();
                verdicts.add(Verdict.firing(key(id), AlertSeverity.WARNING, id + (s.count() == 1 ? " failed" : " failed " + s.count() + " times in a row") + "; last: run "
                        + last.id() + " " + last.outcome() + (last.message() == null ? "" : ": " + last.message()), id, flows.get(id)));
            }
        });
        ended.forEach((id, why) -> verdicts.add(Verdict.clear(key(id), id + ": " + why)));
        ended.clear();
        for (var key : open) {
            String id = key.substring((NAME + ":instance:").length());
            if (!flows.containsKey(id) && verdicts.stream().noneMatch(v -> v.key().equals(key))) {
                verdicts.add(Verdict.clear(key, id + ": the instance no longer exists"));
            }
        }
        return verdicts;
    }

    private static boolean counts(Outcome o) {
        return o == Outcome.FAILED || o == Outcome.ERROR;
    }
}
