package io.cloudvoter.agent.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cloudvoter.agent.config.ConfigLoader;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.events.ClientMessage;

import java.util.LinkedHashSet;
import java.util.stream.Collectors;

/**
 * Reads what a client sends on {@code /ws}. Anything wrong becomes a {@link Fault} with a stable
 * code and a message that names the input and the reason; nothing here throws.
 */
final class ClientFrames {
    static final int MAX_INSTANCES = 1000;

    private ClientFrames() {
    }

    sealed interface Parsed {
    }

    record Accepted(ClientMessage message) implements Parsed {
    }

    record Fault(String code, String message) implements Parsed {
    }

    static Parsed parse(String text) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            return new Fault("malformed-json", "frame is not valid JSON" + (loc == null ? "" : " at line "
                    + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": " + firstLine(e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            return new Fault("unknown-type", "a frame must be a JSON object with a 'type' (ping or subscribe), got "
                    + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().name().toLowerCase()));
        }
        ClientMessage message;
        try {
            message = Json.mapper().treeToValue(tree, ClientMessage.class);
        } catch (InvalidTypeIdException e) {
            return e.getTypeId() == null || e.getTypeId().isEmpty()
                    ? new Fault("unknown-type", "frame has no 'type' (known: ping, subscribe)")
                    : new Fault("unknown-type", "unknown type '" + clip(e.getTypeId()) + "' (known: ping, subscribe)");
        } catch (MismatchedInputException e) {
            String where = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return where.isEmpty()
                    ? new Fault("unknown-type", "a frame must be a JSON object with a 'type' (ping or subscribe)")
                    : new Fault("invalid-field", where + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Fault("invalid-field", "frame: " + firstLine(e.getMessage()));
        }
        if (message instanceof ClientMessage.Subscribe s) {
            return check(s);
        }
        return new Accepted(message);
    }

    private static Parsed check(ClientMessage.Subscribe s) {
        if (s.minLogLevel() != null && LogLevels.parse(s.minLogLevel()).isEmpty()) {
            return new Fault("invalid-field", "minLogLevel: '" + clip(s.minLogLevel()) + "' is not a level (" + LogLevels.NAMES + ")");
        }
        if (s.instances() != null) {
            if (s.instances().size() > MAX_INSTANCES) {
                return new Fault("invalid-field", "instances: " + s.instances().size() + " ids, at most " + MAX_INSTANCES);
            }
            for (int i = 0; i < s.instances().size(); i++) {
                var id = s.instances().get(i);
                if (id == null || !ConfigLoader.INSTANCE_ID.matcher(id).matches()) {
                    return new Fault("invalid-field", "instances[" + i + "]: '" + clip(String.valueOf(id))
                            + "' is not an instance id (letters, digits, '.', '_', '-'; at most 64)");
                }
            }
        }
        return new Accepted(s);
    }

    static StreamFilter filterOf(ClientMessage.Subscribe s) {
        int level = s.minLogLevel() == null ? Integer.MIN_VALUE : LogLevels.parse(s.minLogLevel()).orElseThrow().intValue();
        var ids = s.instances() == null ? java.util.Set.<String>of() : java.util.Set.copyOf(new LinkedHashSet<>(s.instances()));
        return new StreamFilter(level, ids);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        var line = message.lines().findFirst().orElse(message);
        return clip(line);
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
