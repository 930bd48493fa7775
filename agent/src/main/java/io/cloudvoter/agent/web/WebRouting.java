package io.cloudvoter.agent.web;

import io.cloudvoter.agent.alerts.Alerting;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.demo.DemoSettings;
import io.cloudvoter.agent.demo.DemoTarget;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.health.AgentHealth;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.agent.metrics.AgentMetrics;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.ResourceSample;

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
                        Supplier<ResourceSample> latestSample, AgentRestart restart) {
    }

    /** The parts behind live status and the front door: throttling, health, metrics, token rotation. */
    public record Live(AuthThrottle throttle, AgentHealth health, AgentMetrics metrics, Runnable afterTokenRotation) {
    }

    private WebRouting() {
    }

    /** @param alerts the alerts' API ({@code /api/alerts}) */
    public static void routing(HttpRouting.Builder routing, Parts p, Live live, Alerting alerts) {
        routing.addFilter(new AuthFilter(p.tokens(), p.config().demo(), live.throttle()));
        ErrorHandling.register(routing);
        routing.register("/api/health", new HealthService(p.info().version(), live.health()))
                .register("/metrics", new MetricsService(live.metrics()))
                .register("/api/token", new TokenService(p.tokens(), live.afterTokenRotation()))
                .register("/api/instances", new InstancesService(p.scheduler(), p.states()))
                .register("/api", new RunsService(p.runs(), p.config().artifactsDir(), p.clock()))
                .register("/api", new ControlService(p.info(), p.scheduler(), p.flows(), p.browser(), p.latestSample(), p.restart()))
                .register("/api/flows", new FlowsService(p.flows()))
                .register("/api/alerts", new AlertsService(alerts));
        if (p.config().demo()) {
            int votes = DemoSettings.from(p.config().raw()).votesPerMinute();
            routing.register("/demo", new DemoTarget(p.clock(), votes, Duration.ofSeconds(60)));
        }
        routing.any("/api/*", (req, res) -> ErrorHandling.send(res, Status.NOT_FOUND_404,
                "no such endpoint: " + req.prologue().method() + " " + req.path().path()));
    }
}
