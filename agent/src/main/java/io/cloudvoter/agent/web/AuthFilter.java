package io.cloudvoter.agent.web;

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
 * before routing, so a WebSocket upgrade without the token gets 401 and no socket.
 */
final class AuthFilter implements Filter {
    private final TokenStore tokens;
    private final List<String> openPrefixes;

    AuthFilter(TokenStore tokens, boolean demo) {
        this.tokens = tokens;
        this.openPrefixes = demo ? List.of("/api/health", "/demo") : List.of("/api/health");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (isOpen(path) || tokens.matches(bearer(req))) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"cloudvoter\"");
        ErrorHandling.send(res, Status.UNAUTHORIZED_401,
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
}
