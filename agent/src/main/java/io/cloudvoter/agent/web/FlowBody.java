package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A flow sent in a request body: YAML or JSON as its {@code Content-Type} says (415 otherwise), UTF-8
 * text of at most what a flow file may hold (413 past it, refused before reading when declared).
 */
final class FlowBody {
    /** As much as a flow file may hold. */
    static final int MAX_BYTES = 1 << 20;
    private static final Set<String> YAML = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");
    private static final Set<String> JSON = Set.of("application/json", "text/json");

    /** @param json JSON, else YAML */
    record Flow(boolean json, String text) {
    }

    private FlowBody() {
    }

    static Flow read(ServerRequest req) {
        var type = req.headers().contentType().map(t -> t.mediaType().text().toLowerCase(Locale.ROOT)).orElse("");
        if (!JSON.contains(type) && !YAML.contains(type)) {
            throw Refusal.unsupportedMediaType("Content-Type: " + (type.isEmpty() ? "missing" : "'" + RequestBody.clip(type)
                    + "' is not a flow") + "; send application/yaml or application/json");
        }
        return new Flow(JSON.contains(type), text(req));
    }

    private static String text(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return "";
        }
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > MAX_BYTES) {
            throw tooLarge(declared.getAsLong() + " bytes");
        }
        byte[] bytes;
        // closed only when read to its end: closing drains what is left, which past the limit may be anything
        InputStream in = req.content().inputStream();
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length <= MAX_BYTES) {
                in.close();
            }
        } catch (IOException | RuntimeException e) {
            throw Refusal.invalid("request body: could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge("more than " + MAX_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Refusal.invalid("request body: not UTF-8 text (a flow is UTF-8)");
        }
    }

    private static Refusal tooLarge(String size) {
        return Refusal.tooLarge("request body: " + size + " is more than a flow file may hold (1 MB); a flow is a few lines");
    }
}
