package io.cloudvoter.agent.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudvoter.model.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** A run's extracted values as stored: a JSON object of name to text, null when there are none. */
final class ExtractedValues {
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private ExtractedValues() {
    }

    static String write(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("extracted values cannot be stored: " + e.getOriginalMessage(), e);
        }
    }

    /** A row written by an older agent, or unreadable, has no values: the rest of the run still reads. */
    static Map<String, String> read(String json) {
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
