package io.cloudvoter.agent.web;

import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.model.api.HealthResponse;
import io.cloudvoter.model.api.HealthResponse.HealthCheck;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;

/**
 * {@code /api/health}, open to monitors without a token: 200 when the run store is writable, the
 * scheduler loop ticked recently and the browser has not failed to start; 503 naming what is wrong.
 * No secrets and no instance details in the answer.
 */
final class HealthService implements HttpService {
    private static final Duration TICK_STALE = Duration.ofSeconds(30);

    private final String version;
    private final RunStore store;
    private final Scheduler scheduler;
    private final BrowserWorkers browser;
    private final Clock clock;

    HealthService(String version, RunStore store, Scheduler scheduler, BrowserWorkers browser, Clock clock) {
        this.version = version;
        this.store = store;
        this.scheduler = scheduler;
        this.browser = browser;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> {
            var checks = new ArrayList<HealthCheck>();
            checks.add(storeCheck());
            checks.add(schedulerCheck());
            checks.add(browserCheck());
            boolean up = checks.stream().allMatch(HealthCheck::up);
            Http.json(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                    new HealthResponse(up ? "UP" : "DOWN", version, checks));
        });
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
        return age.compareTo(TICK_STALE) <= 0
                ? new HealthCheck("scheduler", true, null)
                : new HealthCheck("scheduler", false, "scheduler loop last ticked " + age.toSeconds() + "s ago");
    }

    private HealthCheck browserCheck() {
        var s = browser.status();
        return "FAILED".equals(s.state())
                ? new HealthCheck("browser", false, s.detail())
                : new HealthCheck("browser", true, null);
    }
}
