package io.cloudvoter.agent.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.cloudvoter.model.Json;

import java.util.stream.Collectors;

/**
 * The one way the agent reads JSON that someone else wrote (REST bodies, {@code /ws} frames, uploaded
 * storage states): what the text says is what it means. Duplicate keys are refused (flow files refuse
 * them too), as is anything after the value, a number where text belongs ({@code "id": 123}), a
 * number where a boolean belongs ({@code "enabled": 2}), an empty string for an object, and nesting
 * deeper than {@link #MAX_DEPTH}. Unknown fields are left to each caller.
 */
public final class StrictJson {
    /** Deep enough for any storage state or request body; a hostile one is refused long before the stack suffers. */
    public static final int MAX_DEPTH = 64;

    private static final JsonMapper MAPPER = build();

    private StrictJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** A tree, with the same refusals (duplicates, trailing tokens, depth). */
    public static JsonNode tree(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** "cookies[2].value" for a mapping error, "" at the top level. */
    public static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** " at line 3, column 7", or "" when the parser gave no location. */
    public static String where(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static JsonMapper build() {
        var factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        var mapper = Json.configure(JsonMapper.builder(factory))
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (var type : new LogicalType[]{LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer,
                LogicalType.Float, LogicalType.POJO, LogicalType.Collection, LogicalType.Map, LogicalType.Enum}) {
            var config = mapper.coercionConfigFor(type);
            for (var shape : new CoercionInputShape[]{CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.Boolean, CoercionInputShape.EmptyString, CoercionInputShape.String}) {
                if (!accepts(type, shape)) {
                    config.setCoercion(shape, CoercionAction.Fail);
                }
            }
        }
        return mapper;
    }

    /** The shapes a type is written in; everything else is a coercion and fails. */
    private static boolean accepts(LogicalType type, CoercionInputShape shape) {
        return switch (type) {
            case Textual, Enum -> shape == CoercionInputShape.String || shape == CoercionInputShape.EmptyString;
            case Integer -> shape == CoercionInputShape.Integer;
            case Float -> shape == CoercionInputShape.Integer || shape == CoercionInputShape.Float;
            default -> false;
        };
    }
}
