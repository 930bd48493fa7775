package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.browser.BrowserWorkers;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.FlowList;
import io.cloudvoter.model.api.MonitoringState;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.StatusResponse;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.function.Supplier;

/**
 * The agent as a whole: {@code /api/status}, {@code /api/flows}, monitoring start/stop and browser
 * recycling.
 */
final class ControlService implements HttpService {
    private final AgentInfo agent;
    private final Scheduler scheduler;
    private final FlowCatalog flows;
    private final BrowserWorkers browser;
    private final Supplier<ResourceSample> resources;
    private final AgentRestart restart;

    ControlService(AgentInfo agent, Scheduler scheduler, FlowCatalog flows, BrowserWorkers browser,
                   Supplier<ResourceSample> resources, AgentRestart restart) {
        this.agent = agent;
        this.scheduler = scheduler;
        this.flows = flows;
        this.browser = browser;
        this.resources = resources;
        this.restart = restart;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/status", (req, res) -> Http.json(res, status()))
                .get("/flows", (req, res) -> Http.json(res, new FlowList(flows.flows(), flows.problems())))
                .post("/flows/reload", (req, res) -> {
                    flows.reload();
                    Http.json(res, new FlowList(flows.flows(), flows.problems()));
                })
                .get("/monitoring", (req, res) -> Http.json(res, new MonitoringState(scheduler.monitoring())))
                .post("/monitoring/start", (req, res) -> {
                    scheduler.setMonitoring(true);
                    Http.json(res, new MonitoringState(true));
                })
                .post("/monitoring/stop", (req, res) -> {
                    scheduler.setMonitoring(false);
                    Http.json(res, new MonitoringState(false));
                })
                .post("/agent/restart", (req, res) -> {
                    restart.refusal().ifPresent(why -> {
                        throw Refusal.conflict(why);
                    });
                    Http.json(res, Status.ACCEPTED_202, java.util.Map.of("restarting", true,
                            "message", "stopping gracefully; the supervisor starts the agent again"));
                    restart.restart("restart requested by the operator");
                })
                .post("/browser/recycle", (req, res) -> {
                    browser.recycle("requested by the operator");
                    Http.json(res, Status.ACCEPTED_202, browser.status());
                });
    }

    private StatusResponse status() {
        return new StatusResponse(agent, scheduler.monitoring(), scheduler.runningNow(), scheduler.maxConcurrentRuns(),
                browser.status(), scheduler.statuses(), flows.problems(), resources.get(), browser.workerStatuses());
    }
}
