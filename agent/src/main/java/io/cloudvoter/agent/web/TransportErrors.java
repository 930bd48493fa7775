package io.cloudvoter.agent.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.ErrorBody;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import java.util.logging.Logger;

/**
 * Answers for requests Helidon refuses before routing (a request line or header it cannot parse, a
 * body over the server's limit, a bad WebSocket handshake): the same JSON body as every other error,
 * instead of Helidon's plain text or an empty 500.
 *
 * <p>A failure before the request line was even understood is the request's fault: Helidon reports
 * an unparsable method ({@code G\0ET}) as an internal error with no request attached, and that is
 * answered 400 here. (505 stays what it is: the answer RFC 9110 gives to HTTP/1.0.)
 */
final class TransportErrors implements DirectHandler {
    private static final Logger LOG = Logger.getLogger(TransportErrors.class.getName());

    static DirectHandlers handlers() {
        var handler = new TransportErrors();
        var builder = DirectHandlers.builder();
        for (var type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType type, Status status,
                                    ServerResponseHeaders headers, String message) {
        Status answer = status;
        String why = message == null || message.isBlank() ? status.reasonPhrase() : message;
        boolean unparsed = request == null || request.method() == null || request.method().isEmpty();
        if (why.startsWith("Bad request, see server log")) {
            why = "the request line could not be parsed (expected METHOD /path HTTP/1.1)";
        }
        if (unparsed && status.code() >= 500 && status.code() != 505) {
            LOG.fine(() -> "a request that could not be parsed: " + message);
            answer = Status.BAD_REQUEST_400;
            why = "the request line or its headers could not be parsed";
        }
        var body = new ErrorBody(answer.code(), ErrorHandling.errorCode(answer), "request: " + RequestBody.clip(why));
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = new byte[0];
        }
        headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        headers.set(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        headers.set(HeaderValues.create("X-Content-Type-Options", "nosniff"));
        return TransportResponse.builder()
                .status(answer)
                .headers(headers)
                .entity(bytes)
                .keepAlive(false)
                .build();
    }
}
