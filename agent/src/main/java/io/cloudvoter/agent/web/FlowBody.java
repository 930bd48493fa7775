package io.cloudvoter.agent.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** A flow sent in a request body: UTF-8 text of at most the size of a flow file, read without trusting its framing. */
final class FlowBody {
    /** As much as a flow file may hold. */
    static final int MAX_BYTES = 1 << 20;

    /** A body refused before it is looked at; {@code status} says why (413, 415). */
    static final class Refused extends RuntimeException {
        final Status status;

        Refused(Status status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private FlowBody() {
    }

    /** The text, "" for none. */
    static String read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return "";
        }
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > MAX_BYTES) {
            throw tooLarge(declared.getAsLong() + " bytes");
        }
        byte[] bytes;
        // closed only when read to its end: closing drains what is left, which past the limit may be anything
        var in = req.content().inputStream();
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge("more than " + MAX_BYTES + " bytes");
            }
            in.close();
        } catch (IOException | RuntimeException e) {
            if (e instanceof Refused refused) {
                throw refused;
            }
            throw new Refused(Status.BAD_REQUEST_400, "request body: could not be read (" + e.getMessage() + ")");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(Status.BAD_REQUEST_400, "request body: not UTF-8 text (a flow is UTF-8)");
        }
    }

    static Refused unsupported(String message) {
        return new Refused(Status.UNSUPPORTED_MEDIA_TYPE_415, message);
    }

    private static Refused tooLarge(String size) {
        return new Refused(Status.REQUEST_ENTITY_TOO_LARGE_413, "request body: " + size
                + " is more than a flow file may hold (1 MB); a flow is a few lines");
    }
}
