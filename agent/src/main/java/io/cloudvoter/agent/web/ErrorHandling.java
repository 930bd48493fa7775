package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.model.api.ErrorBody;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where failures become HTTP answers: a JSON body naming the fault, never a stack trace. */
final class ErrorHandling {
    private static final Logger LOG = Logger.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(Refusal.class, (req, res, e) -> send(res, statusOf(e.kind()), e.getMessage()));
        routing.error(io.helidon.http.RequestException.class, (req, res, e) ->
                send(res, e.status(), "request: " + e.getMessage()));
        routing.error(Exception.class, (req, res, e) -> {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.SEVERE, "request " + req.prologue().method() + " " + req.path().path() + " failed (ref " + ref + ")", e);
            send(res, Status.INTERNAL_SERVER_ERROR_500, "internal error (ref " + ref + ", see the agent log)");
        });
    }

    static void send(ServerResponse res, Status status, String message) {
        if (res.isSent()) {
            return;
        }
        Http.json(res, status, new ErrorBody(status.code(), errorCode(status), message));
    }

    static Status statusOf(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> Status.BAD_REQUEST_400;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
        };
    }

    private static String errorCode(Status status) {
        return status.reasonPhrase().toLowerCase().replace(' ', '-');
    }
}
