package io.cloudvoter.agent.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.config.Durations;
import io.cloudvoter.agent.json.StrictJson;
import io.cloudvoter.model.Json;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Collectors;

/** JSON in and out for the REST handlers, with request errors that name the field and the reason. */
final class Http {
    /** The largest JSON command body (an instance); storage states have their own, larger limit. */
    static final int MAX_COMMAND_BYTES = 16 * 1024;

    /**
     * Request bodies are read strictly ({@link StrictJson}), and an unknown field is an operator's typo,
     * not something to ignore.
     */
    private static final ObjectReader STRICT = StrictJson.mapper().copy()
            .registerModule(new SimpleModule().addDeserializer(Duration.class, new LenientDuration()))
            .reader()
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Http() {
    }

    static void json(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName(), e);
        }
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(bytes);
    }

    static void json(ServerResponse res, Object body) {
        json(res, Status.OK_200, body);
    }

    static <T> T body(ServerRequest req, Class<T> type) {
        String text = RequestBody.json(req, MAX_COMMAND_BYTES);
        if (text.isBlank()) {
            throw Refusal.invalid("request body: empty; expected a JSON object (" + fields(type) + ")");
        }
        try {
            T value = STRICT.readValue(text, type);
            if (value == null) {
                throw Refusal.invalid("request body: expected a JSON object (" + fields(type) + "), got null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw Refusal.invalid("request body: unknown field '" + e.getPropertyName() + "' (known: " + fields(type) + ")");
        } catch (InvalidFormatException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Cannot coerce")) {
                throw Refusal.invalid("request body: " + mismatch(e, type));
            }
            throw Refusal.invalid("request body: " + StrictJson.path(e) + ": " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw Refusal.invalid("request body: " + mismatch(e, type));
        } catch (JsonProcessingException e) {
            throw Refusal.invalid("request body: not valid JSON" + StrictJson.where(e) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw Refusal.invalid("request body: cannot be read: " + e.getMessage());
        }
    }

    private static String mismatch(MismatchedInputException e, Class<?> type) {
        var original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Trailing token")) {
            return "more follows the JSON object" + StrictJson.where(e) + "; send exactly one object";
        }
        String where = StrictJson.path(e);
        var target = e.getTargetType() == null ? type : e.getTargetType();
        var got = e.getProcessor() instanceof JsonParser p ? describe(p.currentToken()) : null;
        return (where.isEmpty() ? "" : where + ": ") + "expected " + expected(target)
                + (got == null ? " (" + original.lines().findFirst().orElse("") + ")" : ", got " + got);
    }

    private static String expected(Class<?> target) {
        if (target == String.class) {
            return "a string";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "a number";
        }
        if (target == Duration.class) {
            return "a duration such as \"30s\"";
        }
        return "a JSON object (" + fields(target) + ")";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY, END_ARRAY -> "a list";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            default -> null;
        };
    }

    private static String fields(Class<?> type) {
        if (!type.isRecord()) {
            return type.getSimpleName();
        }
        return java.util.Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.joining(", "));
    }

    /** Accepts {@code "30s"}, {@code "5m"}, {@code "PT30S"} or a number of seconds. */
    private static final class LenientDuration extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (!p.currentToken().isScalarValue() || p.currentToken() == JsonToken.VALUE_TRUE || p.currentToken() == JsonToken.VALUE_FALSE) {
                return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
            }
            String text = p.getValueAsString();
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
            }
        }
    }
}
