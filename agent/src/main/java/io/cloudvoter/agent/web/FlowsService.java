package io.cloudvoter.agent.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudvoter.agent.Refusal;
import io.cloudvoter.agent.flow.FlowCatalog;
import io.cloudvoter.agent.flow.ParseResult;
import io.cloudvoter.model.api.FlowRejection;
import io.cloudvoter.model.api.FlowSource;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.Locale;

/**
 * {@code /api/flows/{name}}: one flow file read, written or removed. A flow sent is checked first and
 * written only when valid (422 with every problem, placed at line and column, otherwise); the write is
 * atomic and the folder is loaded at once, through the same catalog the folder watcher uses, so the two
 * never disagree. The file is {@code NAME.yaml} or {@code NAME.json} as the body's type says, or the
 * file the flow already lives in.
 */
final class FlowsService implements HttpService {
    private static final JsonMapper JSON = new JsonMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final FlowCatalog flows;

    FlowsService(FlowCatalog flows) {
        this.flows = flows;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{name}", this::read)
                .put("/{name}", this::write)
                .delete("/{name}", this::remove);
    }

    private void read(ServerRequest req, ServerResponse res) throws IOException {
        String name = name(req);
        flows.reload(); // an edit on disk shows at once, not at the watcher's next look
        Http.json(res, source(name, existing(name)));
    }

    private void write(ServerRequest req, ServerResponse res) throws IOException {
        String name = name(req);
        var body = RequestBody.flow(req, (int) FlowCatalog.MAX_FILE_BYTES);
        boolean json = body.json();
        String text = body.text();
        checkName(name, text, json);
        flows.reload();
        var before = flows.locate(name);
        String extension = json ? ".json" : ".yaml";
        String file = before.filter(f -> sameFormat(f, json)).orElse(before.map(FlowsService::base).orElse(name) + extension);
        if (before.map(f -> !f.equals(file)).orElse(true) && flows.exists(file)) {
            throw Refusal.conflict("flow '" + name + "': " + file + " already holds another flow; rename one of them");
        }
        switch (flows.parse(file, text)) {
            case ParseResult.Rejected rejected -> {
                var problems = rejected.problems();
                Http.json(res, Status.UNPROCESSABLE_CONTENT_422, new FlowRejection(422, "unprocessable-content",
                        "flow '" + name + "' has " + problems.size() + " problem(s); nothing was written: "
                                + problems.getFirst(), problems));
                return;
            }
            case ParseResult.Valid valid when !valid.flow().name().equals(name) -> throw Refusal.invalid(
                    "flow '" + name + "': a flow without name: takes its file's name, here '" + valid.flow().name()
                            + "'; add name: " + name);
            case ParseResult.Valid valid -> flows.write(file, text, before.orElse(null));
        }
        res.header(HeaderNames.LOCATION, "/api/flows/" + name);
        Http.json(res, before.isPresent() ? Status.OK_200 : Status.CREATED_201, source(name, file));
    }

    private void remove(ServerRequest req, ServerResponse res) throws IOException {
        String name = name(req);
        flows.reload();
        flows.delete(existing(name));
        res.status(Status.NO_CONTENT_204).send();
    }

    private FlowSource source(String name, String file) throws IOException {
        String text = flows.source(file).orElseThrow(() -> Refusal.notFound("flow '" + name + "': " + file + " is gone"));
        var running = flows.fileOf(name).filter(file::equals).flatMap(f -> flows.info(name)).orElse(null);
        return new FlowSource(name, file, file.toLowerCase(Locale.ROOT).endsWith(".json") ? "json" : "yaml", text, running,
                flows.problems(file));
    }

    private String existing(String name) {
        return flows.locate(name).orElseThrow(() -> Refusal.notFound("no flow '" + name + "' (loaded: "
                + flows.flows().stream().map(f -> f.name()).toList() + ")"));
    }

    private static String name(ServerRequest req) {
        String name = req.path().pathParameters().get("name");
        if (!FlowCatalog.isFlowName(name) || name.startsWith(".")) {
            throw Refusal.invalid("flow name '" + name + "': letters, digits, . _ - (not first: .); at most 64");
        }
        return name;
    }

    /** The body's own {@code name}, when it has one, is the path's: a push must not rename a flow by surprise. */
    private static void checkName(String name, String text, boolean json) {
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (IOException | RuntimeException e) {
            return; // the check that follows reports the syntax with its line and column
        }
        var declared = root == null ? null : root.get("name");
        if (declared != null && declared.isTextual() && !declared.asText().equals(name)) {
            throw Refusal.invalid("name: the body names the flow '" + declared.asText() + "' but the path says '" + name
                    + "'; they must match (or leave name: out)");
        }
    }

    private static boolean sameFormat(String file, boolean json) {
        return file.toLowerCase(Locale.ROOT).endsWith(".json") == json;
    }

    private static String base(String file) {
        return file.replaceFirst("\\.(ya?ml|json)$", "");
    }
}
