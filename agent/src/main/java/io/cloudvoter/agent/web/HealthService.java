package io.cloudvoter.agent.web;

import io.cloudvoter.agent.health.AgentHealth;
import io.cloudvoter.model.api.HealthResponse;
import io.cloudvoter.model.api.HealthResponse.HealthCheck;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.HttpService;

import java.util.List;

/**
 * {@code /api/health}, open to monitors without a token. {@code /live}: the process answers and its
 * scheduler loop ticks (a restart would help otherwise). {@code /ready} and {@code /api/health}
 * itself: also the run store is writable and the browser can open a context (probed in the
 * background, cached); {@link AgentHealth} defines them, for the systemd watchdog too. 200 when
 * every check passes, 503 naming the failing one. No secrets, no instance details.
 */
final class HealthService implements HttpService {
    private final String version;
    private final AgentHealth health;

    HealthService(String version, AgentHealth health) {
        this.version = version;
        this.health = health;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> answer(res, health.readiness()))
                .get("/ready", (req, res) -> answer(res, health.readiness()))
                .get("/live", (req, res) -> answer(res, health.liveness()));
    }

    private void answer(ServerResponse res, List<HealthCheck> checks) {
        boolean up = checks.stream().allMatch(HealthCheck::up);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Http.json(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, new HealthResponse(up ? "UP" : "DOWN", version, checks));
    }
}
