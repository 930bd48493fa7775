package io.cloudvoter.agent.web;

import io.cloudvoter.agent.alerts.Alerting;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.demo.DemoTarget;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.health.AgentHealth;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.metrics.AgentMetrics;
import io.cloudvoter.agent.run.RunExecutor;
import io.cloudvoter.agent.secrets.SecretStore;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.ResourceSample;

import io.cloudvoter.model.Protocol;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** All HTTP routes of the agent, in one place that {@code Agent} and the tests share. */
public final class WebRouting {

    /** What the routes need from the rest of the agent. */
    public record Parts(AgentInfo info, AgentConfig config, TokenStore tokens, Scheduler scheduler, FlowCatalog flows,
                        RunStore runs, BrowserWorkers browser, StorageStates states, Clock clock,
                        Supplier<ResourceSample> latestSample, AgentRestart restart, RunExecutor executor, SecretStore secrets) {
    }

    /** The parts behind live status and the front door: throttling, health, metrics, token rotation. */
    public record Live(AuthThrottle throttle, AgentHealth health, AgentMetrics metrics, Runnable afterTokenRotation) {
    }

    private WebRouting() {
    }

    /** @param alerts the alerts' API ({@code /api/alerts}) */
    public static void routing(HttpRouting.Builder routing, Parts p, Live live, Alerting alerts) {
        routing.addFilter(new FrontFilter());
        routing.addFilter(new AuthFilter(p.tokens(), p.config().demo(), live.throttle()));
        ErrorHandling.register(routing);
        routing.register("/api/health", Endpoints.of(new HealthService(p.info().version(), live.health())))
                .register("/metrics", Endpoints.of(new MetricsService(live.metrics())))
                .register("/api/token", Endpoints.of(new TokenService(p.tokens(), live.afterTokenRotation())))
                .register("/api/instances", Endpoints.of(new InstancesService(p.scheduler(), p.states(), p.secrets())))
                // Before any service with /api/flows/{name} routes: their 405 for other methods must not catch POST …/try.
                .register("/api/flows", Endpoints.of(new FlowTryService(p.flows(), p.scheduler(), p.executor(), p.secrets())))
                .register("/api", Endpoints.of(new RunsService(p.runs(), p.config().artifactsDir(), p.clock())))
                .register("/api", Endpoints.of(new ControlService(p.info(), p.scheduler(), p.flows(), p.browser(),
                        p.latestSample(), p.restart())))
                .register("/api/flows", Endpoints.of(new FlowsService(p.flows())))
                .register("/api/alerts", Endpoints.of(new AlertsService(alerts)));
        if (p.config().demo()) {
            int votes = p.config().sections().demo().votesPerMinute();
            routing.register("/demo", Endpoints.of(new DemoTarget(p.clock(), votes, Duration.ofSeconds(60))));
        }
        // The stream's path without an upgrade: a WebSocket client is what it needs.
        routing.any(Protocol.STREAM_PATH, (req, res) -> {
            res.header(HeaderNames.UPGRADE, "websocket");
            ErrorHandling.send(req, res, Status.UPGRADE_REQUIRED_426, Protocol.STREAM_PATH
                    + " is a WebSocket: send GET with 'Upgrade: websocket', 'Connection: Upgrade' and a Sec-WebSocket-Key");
        });
        routing.any(ErrorHandling::notFound);
    }
}
