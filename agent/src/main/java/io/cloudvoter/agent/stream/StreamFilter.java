package io.cloudvoter.agent.stream;

import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.RunStarted;

import java.util.Set;

/**
 * What one connection asked to receive ({@code subscribe}): log events at or above a level, and,
 * when {@code instances} is not empty, only instance, run and log events about those instances. Log
 * lines about no instance in particular (the agent as a whole) always pass the instance filter.
 * Every other event type always passes.
 */
record StreamFilter(int minLogLevel, Set<String> instances) {
    static final StreamFilter ALL = new StreamFilter(Integer.MIN_VALUE, Set.of());

    boolean accepts(AgentEvent event) {
        return switch (event) {
            case LogEvent l -> LogLevels.value(l.line().level()) >= minLogLevel
                    && (l.line().instanceId() == null || about(l.line().instanceId()));
            case InstanceChanged c -> about(c.instance().id());
            case InstanceRemoved r -> about(r.instanceId());
            case RunStarted s -> about(s.run().instanceId());
            case RunFinished f -> about(f.run().instanceId());
            default -> true;
        };
    }

    private boolean about(String instanceId) {
        return instances.isEmpty() || instances.contains(instanceId);
    }
}
