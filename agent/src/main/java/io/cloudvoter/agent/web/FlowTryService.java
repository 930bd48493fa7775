package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.browser.BrowserUnavailableException;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.flow.FlowVariables;
import io.cloudvoter.agent.flow.ParseResult;
import io.cloudvoter.agent.run.RunExecutor;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.agent.secrets.SecretStore;
import io.cloudvoter.model.api.FlowRejection;
import io.cloudvoter.model.flow.FlowSpec;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/flows/{name}/try?instance=ID} and {@code POST /api/flows/try?instance=ID} with a
 * flow in the body: one run in a throwaway context with that instance's storage state and values,
 * neither recorded nor saving the state back; answers {@code FlowTry} (outcome, message, step
 * timings, a screenshot). A target paused by its rate limit is not tried either (409).
 */
final class FlowTryService implements HttpService {
    /** A flow file is a few kilobytes; a megabyte is no flow. */
    static final int MAX_FLOW_BYTES = 256 * 1024;

    private final FlowCatalog flows;
    private final Scheduler scheduler;
    private final RunExecutor runs;
    private final SecretStore secrets;

    FlowTryService(FlowCatalog flows, Scheduler scheduler, RunExecutor runs, SecretStore secrets) {
        this.flows = flows;
        this.scheduler = scheduler;
        this.runs = runs;
        this.secrets = secrets;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/try", this::tryBody)
                .post("/{name}/try", this::tryLoaded);
    }

    private void tryLoaded(ServerRequest req, ServerResponse res) {
        var name = req.path().pathParameters().get("name");
        var flow = flows.find(name).orElseThrow(() -> Refusal.notFound("no flow '" + name + "' is loaded (loaded: "
                + flows.flows().stream().map(f -> f.name()).toList() + ")"));
        answer(res, flow, instance(req));
    }

    private void tryBody(ServerRequest req, ServerResponse res) {
        var body = RequestBody.flow(req, MAX_FLOW_BYTES);
        if (body.text().isBlank()) {
            throw Refusal.invalid("request body: empty; send the flow as YAML (Content-Type: application/yaml) or JSON");
        }
        var parsed = flows.parse(body.fileName("try"), body.text());
        if (parsed instanceof ParseResult.Rejected rejected) {
            Http.json(res, Status.create(422, "Unprocessable Content"), FlowRejection.of(rejected.problems()));
            return;
        }
        answer(res, ((ParseResult.Valid) parsed).flow(), instance(req));
    }

    private String instance(ServerRequest req) {
        var id = req.query().first("instance").orElse(null);
        if (id != null && !scheduler.exists(id)) {
            throw Refusal.notFound("no instance '" + id + "'");
        }
        return id;
    }

    private void answer(ServerResponse res, FlowSpec flow, String instanceId) {
        var pause = scheduler.pauseOf(flow);
        if (pause.isPresent()) {
            throw Refusal.conflict("the target of flow '" + flow.name() + "' is rate limited until " + pause.get().until()
                    + "; CloudVoter respects target limits, a try included");
        }
        Map<String, String> vars = instanceId == null ? Map.of() : scheduler.varsOf(instanceId);
        Set<String> secretNames = instanceId == null ? Set.of() : secrets.names(instanceId);
        var missing = FlowVariables.missing(flow, vars.keySet(), secretNames);
        if (!missing.isEmpty()) {
            throw Refusal.invalid("flow '" + flow.name() + "' uses " + missing.stream().map(m -> "${" + m + "}").toList()
                    + (instanceId == null ? "; give ?instance=ID of an instance that sets them"
                    : ", which instance '" + instanceId + "' does not set"));
        }
        try {
            Http.json(res, runs.tryFlow(flow, instanceId, vars));
        } catch (BrowserUnavailableException e) {
            throw new Refusal(Refusal.Kind.UNAVAILABLE, "no browser to try it in: " + e.getMessage());
        }
    }
}
