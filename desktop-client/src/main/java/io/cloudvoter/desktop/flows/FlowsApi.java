package io.cloudvoter.desktop.flows;

import io.cloudvoter.desktop.connection.AgentApi;
import io.cloudvoter.model.api.FlowList;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.FlowRejection;
import io.cloudvoter.model.api.FlowSource;
import io.cloudvoter.model.api.FlowTry;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The agent's flows API, blocking: the list, one flow's source, a push (checked by the agent first),
 * a delete, and a try (the dry run). Off the FX thread only.
 */
public final class FlowsApi {
    private final AgentApi api;

    public FlowsApi(AgentApi api) {
        this.api = api;
    }

    /** What a push or a try of a text came to: done, or the problems the agent found (422), nothing changed. */
    public sealed interface Checked<T> {
        record Done<T>(T value, boolean created) implements Checked<T> {
        }

        record Rejected<T>(String message, List<FlowProblem> problems) implements Checked<T> {
        }
    }

    public FlowList list() throws IOException {
        return api.getJson("/api/flows", FlowList.class);
    }

    public FlowSource source(String name) throws IOException {
        return api.getJson("/api/flows/" + segment(name), FlowSource.class);
    }

    /** Writes the flow; the agent checks it first and writes nothing when it has problems. */
    public Checked<FlowSource> push(String name, String text) throws IOException {
        var answer = api.exchange("PUT", "/api/flows/" + segment(name), mediaType(text), text.getBytes(StandardCharsets.UTF_8));
        return checked(answer, FlowSource.class);
    }

    public void delete(String name) throws IOException {
        api.delete("/api/flows/" + segment(name));
    }

    /**
     * Runs {@code text} once as a flow, in a throwaway context with {@code instance}'s storage state and
     * variables (none: a fresh one); nothing is recorded or saved.
     */
    public Checked<FlowTry> tryText(String text, String instance) throws IOException {
        var answer = api.exchange("POST", "/api/flows/try" + (instance == null ? "" : "?instance=" + query(instance)),
                mediaType(text), text.getBytes(StandardCharsets.UTF_8));
        return checked(answer, FlowTry.class);
    }

    private static <T> Checked<T> checked(AgentApi.Answer answer, Class<T> type) throws IOException {
        if (answer.ok()) {
            return new Checked.Done<>(answer.as(type), answer.status() == 201);
        }
        if (answer.status() == 422) {
            var rejection = answer.as(FlowRejection.class);
            return new Checked.Rejected<>(rejection.message(), rejection.problems());
        }
        throw answer.error();
    }

    /** JSON when it reads as JSON (an object), YAML otherwise: the agent keeps the file in the form it was sent. */
    static String mediaType(String text) {
        return text.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
