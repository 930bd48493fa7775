package io.cloudvoter.agent.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.config.Durations;
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
    /** Request bodies are read strictly: an unknown field is an operator's typo, not something to ignore. */
    private static final JsonMapper STRICT = Json.configure(JsonMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new LenientDuration()))
            .build();

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

    static String text(ServerRequest req) {
        return req.content().hasEntity() ? req.content().as(String.class) : "";
    }

    static <T> T body(ServerRequest req, Class<T> type) {
        String text = text(req);
        if (text.isBlank()) {
            throw Refusal.invalid("request body: empty; expected a JSON object (" + fields(type) + ")");
        }
        ObjectReader reader = STRICT.readerFor(type);
        try {
            T value = reader.readValue(text);
            if (value == null) {
                throw Refusal.invalid("request body: expected a JSON object (" + fields(type) + "), got null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw Refusal.invalid("request body: unknown field '" + e.getPropertyName() + "' (known: " + fields(type) + ")");
        } catch (InvalidFormatException e) {
            throw Refusal.invalid("request body: " + path(e) + ": " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw Refusal.invalid("request body: " + (e.getPath().isEmpty() ? "" : path(e) + ": ")
                    + "expected " + e.getTargetType().getSimpleName() + " (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw Refusal.invalid("request body: not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) {
            return m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
        }
        return "";
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
            String text = p.getValueAsString();
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
            }
        }
    }
}
