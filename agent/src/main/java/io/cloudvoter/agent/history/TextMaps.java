package io.cloudvoter.agent.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudvoter.model.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A name-to-text map in one SQLite column, as a JSON object (null when empty): a run's extracted values,
 * an instance's variables.
 */
public final class TextMaps {
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private TextMaps() {
    }

    /** @param what what the map is, for the message should it not serialise */
    public static String write(Map<String, String> values, String what) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " cannot be stored: " + e.getOriginalMessage(), e);
        }
    }

    /** A row written by an older agent, or unreadable, has an empty map: the rest of the row still reads. In the order written. */
    public static Map<String, String> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(json, MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
