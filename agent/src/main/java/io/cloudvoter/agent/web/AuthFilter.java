package io.cloudvoter.agent.web;

import io.cloudvoter.model.Protocol;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;

/**
 * Every path needs {@code Authorization: Bearer <token>} except the health endpoint (monitors and
 * load balancers call it without one) and, when on, the demo target (a browser page). It runs
 * before routing, so a WebSocket upgrade without the token gets 401 and no socket. On {@code /ws}
 * the token may instead come as the subprotocol {@code bearer.<token>}, for browsers, which cannot
 * set headers there; never in the URL, which ends up in access logs. An address that keeps sending
 * wrong tokens is locked out for a while ({@link AuthThrottle}, by network) and answered 429; a request with no
 * token at all is not a guess and is not counted.
 */
final class AuthFilter implements Filter {
    private final TokenStore tokens;
    private final AuthThrottle throttle;
    private final List<String> openPrefixes;

    AuthFilter(TokenStore tokens, boolean demo, AuthThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
        this.openPrefixes = demo ? List.of("/api/health", "/demo") : List.of("/api/health");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (isOpen(path)) {
            chain.proceed();
            return;
        }
        String address = req.remotePeer().host();
        var wait = throttle.lockedOut(address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            ErrorHandling.refuse(req, res, Status.TOO_MANY_REQUESTS_429, "too many requests with a wrong token from "
                    + address + "'s network; try again in " + seconds + "s");
            return;
        }
        String presented = bearer(req);
        if (presented == null && path.equals(Protocol.STREAM_PATH)) {
            presented = subprotocolBearer(req);
        }
        if (tokens.matches(presented)) {
            throttle.succeeded(address);
            chain.proceed();
            return;
        }
        if (presented != null) {
            throttle.failed(address);
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"cloudvoter\"");
        ErrorHandling.refuse(req, res, Status.UNAUTHORIZED_401,
                "missing or wrong token: send 'Authorization: Bearer <token>' (the token is in the agent's data dir)");
    }

    private boolean isOpen(String path) {
        for (var prefix : openPrefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    static String bearer(RoutingRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .orElse(null);
    }

    private static String subprotocolBearer(RoutingRequest req) {
        return req.headers().all(HeaderNames.create("Sec-WebSocket-Protocol"), List::of).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(p -> p.startsWith(Protocol.BEARER_SUBPROTOCOL_PREFIX))
                .map(p -> p.substring(Protocol.BEARER_SUBPROTOCOL_PREFIX.length()))
                .findFirst()
                .orElse(null);
    }
}
