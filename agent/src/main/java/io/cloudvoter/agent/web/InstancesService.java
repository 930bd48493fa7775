package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.model.api.InstanceList;
import io.cloudvoter.model.api.InstanceSpec;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/instances}: list, add, remove, run now, restart, enable/disable, storage state. */
final class InstancesService implements HttpService {
    private final Scheduler scheduler;
    private final StorageStates states;

    InstancesService(Scheduler scheduler, StorageStates states) {
        this.scheduler = scheduler;
        this.states = states;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Http.json(res, new InstanceList(scheduler.statuses())))
                .post("/", this::add)
                .get("/{id}", (req, res) -> Http.json(res, scheduler.status(id(req))))
                .put("/{id}", this::update)
                .delete("/{id}", (req, res) -> {
                    scheduler.remove(id(req));
                    res.status(Status.NO_CONTENT_204).send();
                })
                .post("/{id}/run", (req, res) -> Http.json(res, Status.ACCEPTED_202, scheduler.runNow(id(req))))
                .post("/{id}/restart", (req, res) -> Http.json(res, Status.ACCEPTED_202, scheduler.restart(id(req))))
                .post("/{id}/enable", (req, res) -> Http.json(res, scheduler.setEnabled(id(req), true)))
                .post("/{id}/disable", (req, res) -> Http.json(res, scheduler.setEnabled(id(req), false)))
                .get("/{id}/storage-state", this::downloadState)
                .put("/{id}/storage-state", this::uploadState)
                .delete("/{id}/storage-state", (req, res) -> {
                    String id = existing(req);
                    if (!states.delete(id)) {
                        throw Refusal.notFound("instance '" + id + "' has no storage state");
                    }
                    res.status(Status.NO_CONTENT_204).send();
                });
    }

    private void add(ServerRequest req, ServerResponse res) {
        var spec = Http.body(req, InstanceSpec.class);
        var status = scheduler.add(spec, "api");
        res.header(HeaderNames.LOCATION, "/api/instances/" + status.id());
        Http.json(res, Status.CREATED_201, status);
    }

    /** The whole definition again (as for add); the body's id, when given, is the path's. */
    private void update(ServerRequest req, ServerResponse res) {
        String id = id(req);
        var spec = Http.body(req, InstanceSpec.class);
        if (spec.id() != null && !spec.id().equals(id)) {
            throw Refusal.invalid("id: the body says '" + spec.id() + "' but the path '" + id + "'; an instance keeps its id");
        }
        Http.json(res, scheduler.update(new InstanceSpec(id, spec.flow(), spec.cooldown(), spec.enabled())));
    }

    private void downloadState(ServerRequest req, ServerResponse res) {
        String id = existing(req);
        var json = states.read(id).orElseThrow(() -> Refusal.notFound(
                "instance '" + id + "' has no storage state yet (it is saved after a successful run, or uploaded)"));
        res.header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-storage-state.json\"")
                .send(json);
    }

    private void uploadState(ServerRequest req, ServerResponse res) {
        String id = existing(req);
        try {
            states.upload(id, RequestBody.json(req, StorageStates.MAX_BYTES));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid(e.getMessage());
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private String existing(ServerRequest req) {
        String id = id(req);
        if (!scheduler.exists(id)) {
            throw Refusal.notFound("no instance '" + id + "'");
        }
        return id;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
