package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a request body as JSON text, refusing before reading what it can: a declared length over the
 * endpoint's limit (413), a media type that is not JSON or a charset that is not UTF-8 (415). What is
 * read is bounded by the limit however the body is framed, and must be valid UTF-8 (400). A body the
 * connection could not deliver (a broken chunk) is a 400 too; the answer then closes the connection,
 * as whatever follows on it cannot be trusted to be a request ({@link ErrorHandling#send}).
 */
final class RequestBody {
    private RequestBody() {
    }

    /** The body as text, or "" when there is none. */
    static String json(ServerRequest req, int maxBytes) {
        return new String(bytes(req, maxBytes), StandardCharsets.UTF_8);
    }

    /**
     * The body's bytes, checked to be UTF-8 (nothing else is decoded: a large body is held once, not
     * twice), or none when there is no body.
     */
    static byte[] bytes(ServerRequest req, int maxBytes) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        checkMediaType(req, false);
        return read(req, maxBytes);
    }

    /** A flow in a body: YAML ({@code application/yaml}, {@code text/yaml}…) or JSON. */
    record FlowText(String text, boolean json) {
        /** The file name the flow parser reads it as (its extension picks the syntax). */
        String fileName(String name) {
            return name + (json ? ".json" : ".yaml");
        }
    }

    /** A flow sent as YAML or JSON (by its Content-Type; none: YAML, of which JSON is a part). */
    static FlowText flow(ServerRequest req, int maxBytes) {
        if (!req.content().hasEntity()) {
            return new FlowText("", false);
        }
        checkMediaType(req, true);
        boolean json = req.headers().contentType().map(t -> isJson(t.mediaType())).orElse(false);
        return new FlowText(new String(read(req, maxBytes), StandardCharsets.UTF_8), json);
    }

    private static byte[] read(ServerRequest req, int maxBytes) {
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(declared.getAsLong() + " bytes", maxBytes);
        }
        byte[] bytes;
        // Not try-with-resources: closing drains what is left, and after a broken chunk "what is left"
        // is whatever the client sends next, read as chunk sizes, possibly for ever.
        InputStream in = req.content().inputStream();
        try {
            bytes = in.readNBytes((int) Math.min(maxBytes + 1L, declared.orElse(maxBytes + 1L)));
            if (declared.isPresent() && bytes.length == declared.getAsLong() && in.read() >= 0) {
                bytes = new byte[maxBytes + 1]; // more than declared: refused below like any oversized body
            }
        } catch (ServerConnectionException e) {
            // The connection is gone (the client went, or the body deadline cut it): nobody to answer.
            throw new CloseConnectionException("the connection ended while its request body was read", e);
        } catch (IOException | RuntimeException e) {
            throw Refusal.invalid("request body: could not be read (" + reason(e) + ")");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
        }
        close(in);
        if (!isUtf8(bytes)) {
            throw Refusal.invalid("request body: not valid UTF-8 text (JSON is UTF-8)");
        }
        return bytes;
    }

    /** Checks UTF-8 through a small window, without decoding the whole body into a second copy. */
    static boolean isUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(8192);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return !decoder.flush(out.clear()).isError();
            }
            out.clear();
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            throw Refusal.invalid("request body: could not be read to its end (" + reason(e) + ")");
        }
    }

    private static void checkMediaType(ServerRequest req, boolean yamlToo) {
        var accepted = yamlToo ? "send application/yaml or application/json" : "send application/json";
        java.util.Optional<HttpMediaType> header;
        try {
            header = req.headers().contentType();
        } catch (RuntimeException e) {
            throw Refusal.unsupportedMediaType("Content-Type: cannot be read (" + reason(e) + "); " + accepted);
        }
        if (header.isEmpty()) {
            return; // a client that says nothing is taken at its word that it sends JSON
        }
        HttpMediaType type = header.get();
        if (!isJson(type.mediaType()) && !(yamlToo && isYaml(type.mediaType()))) {
            throw Refusal.unsupportedMediaType("Content-Type: '" + clip(type.mediaType().text())
                    + "' is not accepted here; " + accepted);
        }
        var charset = type.charset();
        if (charset.isPresent() && !isUtf8(charset.get())) {
            throw Refusal.unsupportedMediaType("Content-Type: charset '" + clip(charset.get())
                    + "' is not accepted; JSON is UTF-8 (send charset=utf-8 or no charset)");
        }
    }

    private static boolean isJson(MediaType type) {
        var subtype = type.subtype().toLowerCase(Locale.ROOT);
        var main = type.type().toLowerCase(Locale.ROOT);
        return (main.equals("application") || main.equals("text")) && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    private static boolean isYaml(MediaType type) {
        var subtype = type.subtype().toLowerCase(Locale.ROOT);
        var main = type.type().toLowerCase(Locale.ROOT);
        return (main.equals("application") || main.equals("text"))
               && (subtype.equals("yaml") || subtype.equals("x-yaml") || subtype.endsWith("+yaml") || subtype.equals("plain"));
    }

    private static boolean isUtf8(String charset) {
        var c = charset.strip().toLowerCase(Locale.ROOT);
        return c.equals("utf-8") || c.equals("utf8");
    }

    private static Refusal tooLarge(String size, int maxBytes) {
        return Refusal.tooLarge("request body: " + size + " is over this endpoint's limit of " + maxBytes + " bytes");
    }

    private static String reason(Exception e) {
        var m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + clip(m.lines().findFirst().orElse("")));
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
