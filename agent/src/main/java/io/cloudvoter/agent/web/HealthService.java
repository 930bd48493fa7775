package io.cloudvoter.agent.web;

import io.cloudvoter.agent.health.BrowserCheck;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.model.api.HealthResponse;
import io.cloudvoter.model.api.HealthResponse.HealthCheck;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/health}, open to monitors without a token. {@code /live}: the process answers and its
 * scheduler loop ticks (a restart would help otherwise). {@code /ready} and {@code /api/health}
 * itself: also the run store is writable and the browser can open a context (probed in the
 * background, cached). 200 when every check passes, 503 naming the failing one. No secrets, no
 * instance details.
 */
final class HealthService implements HttpService {
    private final String version;
    private final RunStore store;
    private final Scheduler scheduler;
    private final BrowserCheck browser;
    private final Duration schedulerStale;
    private final Clock clock;

    HealthService(String version, RunStore store, Scheduler scheduler, BrowserCheck browser, Duration schedulerStale,
                  Clock clock) {
        this.version = version;
        this.store = store;
        this.scheduler = scheduler;
        this.browser = browser;
        this.schedulerStale = schedulerStale;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> answer(res, List.of(storeCheck(), schedulerCheck(), browser.result())))
                .get("/ready", (req, res) -> answer(res, List.of(storeCheck(), schedulerCheck(), browser.result())))
                .get("/live", (req, res) -> answer(res, List.of(schedulerCheck())));
    }

    private void answer(ServerResponse res, List<HealthCheck> checks) {
        boolean up = checks.stream().allMatch(HealthCheck::up);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Http.json(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, new HealthResponse(up ? "UP" : "DOWN", version, checks));
    }

    private HealthCheck storeCheck() {
        try {
            store.probeWrite();
            return new HealthCheck("store", true, null);
        } catch (RuntimeException e) {
            return new HealthCheck("store", false, "run store not writable: " + e.getMessage());
        }
    }

    private HealthCheck schedulerCheck() {
        var age = Duration.between(scheduler.lastTick(), clock.instant());
        return age.compareTo(schedulerStale) <= 0
                ? new HealthCheck("scheduler", true, null)
                : new HealthCheck("scheduler", false, "scheduler loop last ticked " + age.toSeconds() + "s ago");
    }
}
