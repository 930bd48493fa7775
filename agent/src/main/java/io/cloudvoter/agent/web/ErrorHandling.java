package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.model.api.ErrorBody;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers: a JSON body naming the fault, never a stack trace.
 * Refusals and Helidon's own HTTP errors (no such endpoint, a bad request) are the client's doing and
 * are not logged as failures; anything else is a 500 with a reference to the log line.
 */
final class ErrorHandling {
    private static final Logger LOG = Logger.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(Refusal.class, (req, res, e) -> send(req, res, statusOf(e.kind()), e.getMessage()));
        routing.error(NotFoundException.class, (req, res, e) -> notFound(req, res));
        routing.error(HttpException.class, (req, res, e) -> send(req, res, e.status(), "request: " + e.getMessage()));
        routing.error(RequestException.class, (req, res, e) -> send(req, res, e.status(), "request: " + e.getMessage()));
        routing.error(Exception.class, (req, res, e) -> {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.SEVERE, "request " + req.prologue().method().text() + " " + fullPath(req) + " failed (ref " + ref + ")", e);
            send(req, res, Status.INTERNAL_SERVER_ERROR_500, "internal error (ref " + ref + ", see the agent log)");
        });
    }

    /** What every route that does not exist answers. */
    static void notFound(ServerRequest req, ServerResponse res) {
        send(req, res, Status.NOT_FOUND_404, "no such endpoint: " + req.prologue().method().text() + " " + fullPath(req)
                + " (the routes are listed in docs/api.md)");
    }

    /**
     * Sends the error body. A request body nobody read is not read now either: the answer says
     * {@code Connection: close} and Helidon skips draining it (refused uploads cost nothing).
     *
     * @return whether the request's body was left unread
     */
    static boolean send(ServerRequest req, ServerResponse res, Status status, String message) {
        if (res.isSent()) {
            return false;
        }
        boolean unread = req.content().hasEntity() && !req.content().consumed();
        if (unread) {
            res.header(HeaderNames.CONNECTION, "close");
        }
        Http.json(res, status, new ErrorBody(status.code(), errorCode(status), message));
        return unread;
    }

    /**
     * As {@link #send}, from a filter, where the connection can also be ended for real: Helidon (4.5)
     * keeps reading after its own "Connection: close", and would take the unread body for the next
     * request. (From an error handler the same throw would be logged as a failure of its own.)
     */
    static void refuse(ServerRequest req, RoutingResponse res, Status status, String message) {
        boolean unread = send(req, res, status, message);
        if (!res.isSent()) {
            res.commit(); // an answer to HEAD goes through a stream (FrontFilter), which counts as sent once committed
        }
        if (unread) {
            throw new CloseConnectionException("closed after refusing a request whose body was not read");
        }
    }

    static Status statusOf(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> Status.BAD_REQUEST_400;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case UNSUPPORTED_MEDIA_TYPE -> Status.UNSUPPORTED_MEDIA_TYPE_415;
        };
    }

    /** "not-found", "method-not-allowed"...: stable codes for clients. */
    static String errorCode(Status status) {
        return status.reasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    /** The path as the client sent it (decoded), not the part left inside a service. */
    static String fullPath(ServerRequest req) {
        return RequestBody.clip(req.requestedUri().path().path());
    }
}
