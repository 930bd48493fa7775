package io.cloudvoter.agent.flow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cloudvoter.model.api.FlowProblem;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts a line and column on each problem of a flow file: where its field is written, found by reading
 * the text again as tokens and naming each key and list item the way {@link FieldReader} names fields
 * ({@code steps[1].click}). A field that is not in the file (a missing key) takes the place of its
 * nearest written parent; a syntax error takes the parser's own place. Kept apart from the parser so
 * that checking a flow and placing its problems stay two simple things.
 */
public final class ProblemPlaces {
    private static final JsonFactory YAML = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private record Place(int line, int column) {
    }

    private static final class Container {
        final boolean list;
        final String path;
        int index = -1;
        String key;

        Container(boolean list, String path) {
            this.list = list;
            this.path = path;
        }
    }

    private ProblemPlaces() {
    }

    /** The result with its problems placed; a valid flow is returned as it is. */
    public static ParseResult place(ParseResult result, String fileName, String text) {
        if (!(result instanceof ParseResult.Rejected rejected) || text == null) {
            return result;
        }
        return new ParseResult.Rejected(place(rejected.problems(), fileName, text));
    }

    static List<FlowProblem> place(List<FlowProblem> problems, String fileName, String text) {
        var places = new HashMap<String, Place>();
        Place syntax = read(fileName, text.replaceFirst("^\uFEFF", ""), places);
        return problems.stream().map(p -> {
            if (p.line() != null) {
                return p;
            }
            var place = p.field() == null || p.field().isEmpty() ? syntax : nearest(p.field(), places);
            return place == null ? p : p.at(place.line(), place.column());
        }).toList();
    }

    /** Fills {@code places} with every written field; returns the place of a syntax error, if any. */
    private static Place read(String fileName, String text, Map<String, Place> places) {
        var factory = fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        var open = new ArrayDeque<Container>();
        try (var parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                var at = parser.currentTokenLocation();
                switch (token) {
                    case FIELD_NAME -> {
                        var map = open.peek();
                        map.key = FieldReader.field(map.path, parser.currentName());
                        places.putIfAbsent(map.key, place(at));
                    }
                    case END_OBJECT, END_ARRAY -> open.pop();
                    default -> {
                        var path = valuePath(open.peek(), at, places);
                        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                            open.push(new Container(token == JsonToken.START_ARRAY, path));
                        }
                    }
                }
            }
            return null;
        } catch (JsonProcessingException e) {
            return e.getLocation() == null ? null : place(e.getLocation());
        } catch (IOException | RuntimeException e) {
            return null; // the problems keep their words without a place
        }
    }

    private static String valuePath(Container in, JsonLocation at, Map<String, Place> places) {
        if (in == null) {
            return "";
        }
        if (!in.list) {
            return in.key;
        }
        in.index++;
        var path = FieldReader.index(in.path, in.index);
        places.putIfAbsent(path, place(at));
        return path;
    }

    /** The field's own place, else that of its nearest parent written in the file (never the whole file). */
    private static Place nearest(String field, Map<String, Place> places) {
        var path = field;
        while (!path.isEmpty()) {
            var place = places.get(path);
            if (place != null) {
                return place;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return null;
    }

    private static Place place(JsonLocation at) {
        return new Place(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }
}
