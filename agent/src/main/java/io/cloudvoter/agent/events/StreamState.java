package io.cloudvoter.agent.events;

import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.FlowsChanged;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.ResourcesEvent;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stream has said so far, folded: the instances, monitoring, flow errors and the most
 * recent logs, resource samples and guard actions. The bus updates it inside {@code publish}, under
 * its lock, so a snapshot taken under that lock is exactly the state after its seq: the deltas that
 * follow neither repeat nor miss anything. Not thread-safe on its own; only the bus touches it.
 */
public final class StreamState {
    /** How many of the append-only items a snapshot carries. */
    public record Limits(int logs, int resources, int guardActions) {
        public static final Limits DEFAULT = new Limits(200, 120, 50);
    }

    /** An immutable copy, handed to the snapshot factory (resources and guard actions it asks the bus for). */
    public record View(boolean monitoring, List<InstanceStatus> instances, List<FlowProblem> flowErrors,
                       List<LogLine> logs) {
    }

    private final Limits limits;
    private final Map<String, InstanceStatus> instances = new TreeMap<>();
    private final ArrayDeque<LogLine> logs = new ArrayDeque<>();
    private final ArrayDeque<ResourceSample> resources = new ArrayDeque<>();
    private final ArrayDeque<GuardAction> guardActions = new ArrayDeque<>();
    private boolean monitoring;
    private List<FlowProblem> flowErrors = List.of();

    StreamState(Limits limits) {
        this.limits = limits;
    }

    /** The state the agent starts from, before anything was published about it. */
    void seed(List<InstanceStatus> seeded, boolean monitoringOn, List<FlowProblem> problems) {
        instances.clear();
        seeded.forEach(s -> instances.put(s.id(), s));
        monitoring = monitoringOn;
        flowErrors = List.copyOf(problems);
    }

    void apply(AgentEvent event) {
        switch (event) {
            case InstanceChanged c -> instances.put(c.instance().id(), c.instance());
            case InstanceRemoved r -> instances.remove(r.instanceId());
            case MonitoringChanged m -> monitoring = m.monitoring();
            case FlowsChanged f -> flowErrors = f.errors() == null ? List.of() : List.copyOf(f.errors());
            case LogEvent l -> keep(logs, l.line(), limits.logs());
            case ResourcesEvent r -> keep(resources, r.sample(), limits.resources());
            case GuardEvent g -> keep(guardActions, g.action(), limits.guardActions());
            default -> {
            }
        }
    }

    View view() {
        return new View(monitoring, List.copyOf(instances.values()), flowErrors, List.copyOf(logs));
    }

    List<ResourceSample> resources() {
        return List.copyOf(resources);
    }

    List<GuardAction> guardActions() {
        return List.copyOf(guardActions);
    }

    private static <T> void keep(ArrayDeque<T> ring, T item, int max) {
        if (item == null || max <= 0) {
            return;
        }
        if (ring.size() >= max) {
            ring.removeFirst();
        }
        ring.addLast(item);
    }
}
