package io.cloudvoter.agent.web;

import io.cloudvoter.model.api.RotatedToken;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.logging.Logger;

/**
 * {@code POST /api/token/rotate}: a new token, answered this once; the old one stops working at
 * once and open streams are closed (clients reconnect with the new token). Refused (409) when the
 * token is fixed by {@code CLOUDVOTER_TOKEN}.
 */
final class TokenService implements HttpService {
    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    private final TokenStore tokens;
    private final Runnable afterRotation;

    TokenService(TokenStore tokens, Runnable afterRotation) {
        this.tokens = tokens;
        this.afterRotation = afterRotation;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/rotate", (req, res) -> {
            String fresh = tokens.rotate();
            LOG.warning("The token was rotated through the API (from " + req.remotePeer().host()
                    + "); the old one no longer works");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            Http.json(res, new RotatedToken(fresh));
            afterRotation.run();
        });
    }
}
