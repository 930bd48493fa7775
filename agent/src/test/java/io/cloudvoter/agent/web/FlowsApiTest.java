package io.cloudvoter.agent.web;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.api.FlowRejection;
import io.cloudvoter.model.api.FlowSource;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.events.FlowsChanged;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /api/flows/{name}} over a real socket against a real agent and its flows folder. */
class FlowsApiTest {
    private static final String YAML = "application/yaml";

    @TempDir
    static Path dir;
    static Agent agent;
    static Api api;
    static Path flows;

    @BeforeAll
    static void start() {
        agent = TestAgents.startQuiet(dir.resolve("data"), Map.of("kept.yaml", flow("kept", "/kept")));
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        flows = dir.resolve("data").resolve("flows");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    static String flow(String name, String path) {
        return "name: " + name + "\ntarget: \"http://127.0.0.1:9" + path + "\"\ncooldown: 1h\nsteps:\n  - goto\n";
    }

    @Test
    void aNewFlowIsCreatedLoadedAndToldThenReplaced() {
        try (var ws = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open()) {
            ws.next(Snapshot.class); // what happens from here on comes as events
            var created = api.put("/api/flows/fresh", YAML, flow("fresh", "/one"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/flows/fresh");
            var source = created.as(FlowSource.class);
            assertThat(source.file()).isEqualTo("fresh.yaml");
            assertThat(source.flow().target()).isEqualTo("http://127.0.0.1:9/one");
            assertThat(source.problems()).isEmpty();
            // loaded at once: no waiting for the watcher's look
            assertThat(api.get("/api/flows").body()).contains("\"fresh\"");
            ws.next(FlowsChanged.class, f -> f.flows().stream().anyMatch(i -> i.name().equals("fresh")));

            var replaced = api.put("/api/flows/fresh", YAML, flow("fresh", "/two"));
            assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
            assertThat(api.get("/api/flows/fresh").as(FlowSource.class).flow().target()).isEqualTo("http://127.0.0.1:9/two");
            ws.next(FlowsChanged.class, f -> f.flows().stream().anyMatch(i -> i.target().endsWith("/two")));
        }
        assertThat(flows.resolve("fresh.yaml")).content().contains("/two");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aBadFlowIs422WithEveryProblemAtItsLineAndNothingIsWritten() throws Exception {
        String before = Files.readString(flows.resolve("kept.yaml"));
        var answer = api.put("/api/flows/kept", YAML, """
                name: kept
                target: "http://127.0.0.1:9/kept"
                timeout: soon
                steps:
                  - goto
                  - clik: "#vote"
                """);
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        var rejection = answer.as(FlowRejection.class);
        assertThat(rejection.message()).contains("nothing was written");
        assertThat(rejection.problems()).extracting(p -> p.field() + "@" + p.line() + ":" + p.column())
                .containsExactlyInAnyOrder("timeout@3:1", "steps[1].clik@6:5");
        assertThat(flows.resolve("kept.yaml")).content().isEqualTo(before);
        assertThat(api.get("/api/flows/kept").as(FlowSource.class).problems()).isEmpty();

        var syntax = api.put("/api/flows/never", YAML, "name: never\nsteps:\n  - goto\n - click: x\n");
        assertThat(syntax.status()).isEqualTo(422);
        assertThat(syntax.as(FlowRejection.class).problems().getFirst().line()).isEqualTo(4);
        assertThat(flows.resolve("never.yaml")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theNameInTheBodyMustBeThePathsOrNone() {
        var mismatch = api.put("/api/flows/alpha", YAML, flow("beta", "/x"));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().path("message").asText()).contains("'beta'").contains("'alpha'");
        assertThat(flows.resolve("alpha.yaml")).doesNotExist();
        assertThat(flows.resolve("beta.yaml")).doesNotExist();

        var unnamed = api.put("/api/flows/gamma", YAML, "target: \"http://127.0.0.1:9/g\"\nsteps: [goto]\n");
        assertThat(unnamed.status()).as(unnamed.body()).isEqualTo(201);
        assertThat(unnamed.as(FlowSource.class).flow().name()).isEqualTo("gamma");
    }

    @Test
    void aFlowPushedThenEditedOnDiskShowsTheDiskVersion() throws Exception {
        assertThat(api.put("/api/flows/disk", YAML, flow("disk", "/pushed")).status()).isEqualTo(201);
        Files.writeString(flows.resolve("disk.yaml"), flow("disk", "/edited-by-hand"));
        var source = api.get("/api/flows/disk").as(FlowSource.class);
        assertThat(source.source()).contains("/edited-by-hand");
        assertThat(source.flow().target()).endsWith("/edited-by-hand");
        assertThat(api.get("/api/flows").body()).contains("/edited-by-hand").doesNotContain("/pushed");

        // a bad edit on disk shows as the file's problems, placed at its line
        Files.writeString(flows.resolve("disk.yaml"), flow("disk", "/x") + "  - clik: a\n");
        var broken = api.get("/api/flows/disk").as(FlowSource.class);
        assertThat(broken.problems()).filteredOn(p -> !p.field().isEmpty()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("steps[1].clik");
            assertThat(p.line()).isEqualTo(6);
        });
        assertThat(broken.flow()).as("the last good version keeps running").isNotNull();
        assertThat(broken.flow().target()).endsWith("/edited-by-hand");
        assertThat(api.get("/api/flows").json().path("errors").toString()).contains("\"line\":6");
    }

    @Test
    void aJsonBodyIsStoredAsJsonAndMovesAYamlFlowIntoIt() {
        assertThat(api.put("/api/flows/moved", YAML, flow("moved", "/y")).status()).isEqualTo(201);
        var json = """
                {"name": "moved", "target": "http://127.0.0.1:9/j", "steps": ["goto"]}
                """;
        var answer = api.put("/api/flows/moved", "application/json", json);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.as(FlowSource.class).file()).isEqualTo("moved.json");
        assertThat(flows.resolve("moved.json")).exists();
        assertThat(flows.resolve("moved.yaml")).doesNotExist();
        assertThat(api.get("/api/flows/moved").as(FlowSource.class).format()).isEqualTo("json");
    }

    @Test
    void anUnknownTypeIs415AndUnknownFlows404() {
        assertThat(api.put("/api/flows/typed", "image/png", flow("typed", "/t")).status()).isEqualTo(415);
        assertThat(flows.resolve("typed.yaml")).doesNotExist();
        assertThat(api.get("/api/flows/nothing-here").status()).isEqualTo(404);
        assertThat(api.delete("/api/flows/nothing-here").status()).isEqualTo(404);
        assertThat(api.put("/api/flows/..", YAML, flow("x", "/t")).status()).isIn(400, 404);
        assertThat(api.put("/api/flows/.hidden", YAML, flow(".hidden", "/t")).status()).isEqualTo(400);
    }

    @Test
    void deletingAFlowIs204AndItsInstancesTurnInvalid() {
        assertThat(api.put("/api/flows/doomed", YAML, flow("doomed", "/d")).status()).isEqualTo(201);
        assertThat(api.post("/api/instances", "{\"id\":\"doomed-1\",\"flow\":\"doomed\"}").status()).isEqualTo(201);
        try (var ws = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open()) {
            ws.next(Snapshot.class); // what happens from here on comes as events
            assertThat(api.delete("/api/flows/doomed").status()).isEqualTo(204);
            assertThat(flows.resolve("doomed.yaml")).doesNotExist();
            ws.next(InstanceChanged.class, c -> c.instance().id().equals("doomed-1") && c.instance().state().name().equals("INVALID"));
        }
        assertThat(api.get("/api/instances/doomed-1").as(InstanceStatus.class).state().name()).isEqualTo("INVALID");
        assertThat(api.get("/api/flows/doomed").status()).isEqualTo(404);
    }

    @Test
    void anInstanceIsEditedInPlace() {
        assertThat(api.post("/api/instances", "{\"id\":\"edit-1\",\"flow\":\"kept\"}").status()).isEqualTo(201);
        var edited = api.put("/api/instances/edit-1", "{\"flow\":\"kept\",\"cooldown\":\"90s\",\"enabled\":false}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        var status = edited.as(InstanceStatus.class);
        assertThat(status.cooldown()).isEqualTo(Duration.ofSeconds(90));
        assertThat(status.enabled()).isFalse();
        assertThat(api.put("/api/instances/edit-1", "{\"id\":\"other\",\"flow\":\"kept\"}").status()).isEqualTo(400);
        assertThat(api.put("/api/instances/edit-1", "{\"flow\":\"no-such-flow\"}").status()).isEqualTo(400);
        assertThat(api.put("/api/instances/missing", "{\"flow\":\"kept\"}").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/api/instances/edit-1").as(InstanceStatus.class).cooldown().equals(Duration.ofSeconds(90)));
    }

    private static java.util.List<Path> leftovers() {
        try (var list = Files.list(flows)) {
            return list.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
