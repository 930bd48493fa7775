package io.cloudvoter.agent.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.events.AgentEvent;

/**
 * Writes events as JSON text, once per stream event however many clients receive it: the writers
 * share a small cache indexed by seq. Races only cost a second encoding of the same event.
 */
final class EventJson {
    private record Entry(AgentEvent event, String json) {
    }

    private final Entry[] cache;

    EventJson(int size) {
        cache = new Entry[Integer.highestOneBit(Math.max(16, size) - 1) << 1];
    }

    /** For stream events (published on the bus). */
    String shared(AgentEvent event) {
        int slot = (int) (event.seq() & (cache.length - 1));
        var e = cache[slot];
        if (e != null && e.event == event) {
            return e.json;
        }
        String json = write(event);
        cache[slot] = new Entry(event, json);
        return json;
    }

    /** For one client's own frames (snapshot, pong, error). */
    static String write(AgentEvent event) {
        try {
            return Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + event.getClass().getSimpleName() + " event", e);
        }
    }
}
