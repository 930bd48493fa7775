package io.cloudvoter.model.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * Everything the agent pushes over {@code /ws}. Each event carries its {@code type} (the JSON
 * discriminator), {@code seq} (strictly increasing within one agent process, so a client can
 * resume with {@code ?since=SEQ}) and {@code time}.
 * <p>
 * Replies to one client ({@link Pong}, {@link ErrorEvent}) are not part of the stream: their seq
 * is the last stream seq that client was sent, so they never break its ordering.
 * A type this client does not know becomes {@link UnknownEvent} instead of an error.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = UnknownEvent.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = Snapshot.class, name = Snapshot.TYPE),
        @JsonSubTypes.Type(value = InstanceChanged.class, name = InstanceChanged.TYPE),
        @JsonSubTypes.Type(value = InstanceRemoved.class, name = InstanceRemoved.TYPE),
        @JsonSubTypes.Type(value = RunStarted.class, name = RunStarted.TYPE),
        @JsonSubTypes.Type(value = RunFinished.class, name = RunFinished.TYPE),
        @JsonSubTypes.Type(value = LogEvent.class, name = LogEvent.TYPE),
        @JsonSubTypes.Type(value = ResourcesEvent.class, name = ResourcesEvent.TYPE),
        @JsonSubTypes.Type(value = GuardEvent.class, name = GuardEvent.TYPE),
        @JsonSubTypes.Type(value = MonitoringChanged.class, name = MonitoringChanged.TYPE),
        @JsonSubTypes.Type(value = FlowsChanged.class, name = FlowsChanged.TYPE),
        @JsonSubTypes.Type(value = AlertChanged.class, name = AlertChanged.TYPE),
        @JsonSubTypes.Type(value = Pong.class, name = Pong.TYPE),
        @JsonSubTypes.Type(value = ErrorEvent.class, name = ErrorEvent.TYPE)
})
public sealed interface AgentEvent
        permits Snapshot, InstanceChanged, InstanceRemoved, RunStarted, RunFinished, LogEvent, ResourcesEvent,
        GuardEvent, MonitoringChanged, FlowsChanged, AlertChanged, Pong, ErrorEvent, UnknownEvent {

    long seq();

    Instant time();

    /** Builds an event once the bus has given it its place in the stream. */
    @FunctionalInterface
    interface Factory {
        AgentEvent create(long seq, Instant time);
    }
}
