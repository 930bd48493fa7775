package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.browser.StorageStates;
import io.cloudvoter.agent.schedule.InstanceVars;
import io.cloudvoter.agent.schedule.Scheduler;
import io.cloudvoter.agent.secrets.SecretStore;
import io.cloudvoter.model.api.InstanceList;
import io.cloudvoter.model.api.InstanceSpec;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** {@code /api/instances}: list, add, change, remove, run now, restart, enable/disable, storage state, secrets. */
final class InstancesService implements HttpService {
    private final Scheduler scheduler;
    private final StorageStates states;
    private final SecretStore secrets;

    InstancesService(Scheduler scheduler, StorageStates states, SecretStore secrets) {
        this.scheduler = scheduler;
        this.states = states;
        this.secrets = secrets;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Http.json(res, new InstanceList(scheduler.statuses())))
                .post("/", this::add)
                .get("/{id}", (req, res) -> Http.json(res, scheduler.status(id(req))))
                .put("/{id}", this::update)
                .put("/{id}/secrets", this::putSecrets)
                .delete("/{id}/secrets", (req, res) -> {
                    String id = existing(req);
                    secrets.delete(id);
                    scheduler.touch(id);
                    res.status(Status.NO_CONTENT_204).send();
                })
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

    /** A new definition of an instance added through the API; the id in the body, if any, must be the path's. */
    private void update(ServerRequest req, ServerResponse res) {
        String id = existing(req);
        var spec = Http.body(req, InstanceSpec.class);
        if (spec.id() != null && !spec.id().equals(id)) {
            throw Refusal.invalid("id: '" + spec.id() + "' in the body is not the instance '" + id + "' of the path");
        }
        Http.json(res, scheduler.update(new InstanceSpec(id, spec.flow(), spec.cooldown(), spec.enabled(), spec.vars())));
    }

    /**
     * Replaces the instance's secrets with a JSON object of names to texts; write-only: no call
     * answers their values, and they are masked wherever a run reports or logs.
     */
    private void putSecrets(ServerRequest req, ServerResponse res) {
        String id = existing(req);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = Http.body(req, Map.class);
        var values = new java.util.TreeMap<String, String>();
        for (var e : body.entrySet()) {
            if (!(e.getValue() instanceof String text)) {
                throw Refusal.invalid("secrets." + e.getKey() + ": expected a text value");
            }
            if (text.length() < SecretStore.MIN_LENGTH) {
                throw Refusal.invalid("secrets." + e.getKey() + ": at least " + SecretStore.MIN_LENGTH
                        + " characters (a shorter one could not be masked apart from ordinary text)");
            }
            values.put(e.getKey(), text);
        }
        var problem = InstanceVars.problem("secrets", values);
        if (problem != null) {
            throw Refusal.invalid(problem);
        }
        secrets.put(id, values);
        scheduler.touch(id);
        res.status(Status.NO_CONTENT_204).send();
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
            states.upload(id, () -> RequestBody.bytes(req, StorageStates.MAX_BYTES));
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
