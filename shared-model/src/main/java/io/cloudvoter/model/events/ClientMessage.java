package io.cloudvoter.model.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** Frames a client may send on {@code /ws}. The WebSocket only pushes events; commands are REST calls. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe")
})
public sealed interface ClientMessage {

    record Ping(String id) implements ClientMessage {
    }

    /**
     * Narrows what this connection receives. {@code minLogLevel} (e.g. {@code WARNING}) filters log
     * events; {@code instances}, when not empty, limits instance, run and log events to those ids.
     */
    record Subscribe(String minLogLevel, List<String> instances) implements ClientMessage {
    }
}
