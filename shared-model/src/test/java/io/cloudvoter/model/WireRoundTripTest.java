package io.cloudvoter.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudvoter.model.api.AgentInfo;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertChannel;
import io.cloudvoter.model.api.AlertChannelList;
import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertDeliveryList;
import io.cloudvoter.model.api.AlertList;
import io.cloudvoter.model.api.AlertMute;
import io.cloudvoter.model.api.AlertMuteList;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.AlertState;
import io.cloudvoter.model.api.BrowserStatus;
import io.cloudvoter.model.api.ErrorBody;
import io.cloudvoter.model.api.FlowInfo;
import io.cloudvoter.model.api.FlowList;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.HealthResponse;
import io.cloudvoter.model.api.InstanceList;
import io.cloudvoter.model.api.InstanceSpec;
import io.cloudvoter.model.api.InstanceState;
import io.cloudvoter.model.api.InstanceStatus;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.api.MonitoringState;
import io.cloudvoter.model.api.MuteRequest;
import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.ResourceSample;
import io.cloudvoter.model.api.RotatedToken;
import io.cloudvoter.model.api.RunList;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.api.FlowRejection;
import io.cloudvoter.model.api.FlowSource;
import io.cloudvoter.model.api.FlowTry;
import io.cloudvoter.model.api.StatusResponse;
import io.cloudvoter.model.api.WorkerStatus;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.AlertChanged;
import io.cloudvoter.model.events.ClientMessage;
import io.cloudvoter.model.events.ErrorEvent;
import io.cloudvoter.model.events.FlowsChanged;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.InstanceRemoved;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.ResourcesEvent;
import io.cloudvoter.model.events.RunFinished;
import io.cloudvoter.model.events.RunStarted;
import io.cloudvoter.model.events.Snapshot;
import io.cloudvoter.model.events.UnknownEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event and REST body survives JSON and back with the one shared mapper, and an older client
 * keeps working when a newer agent adds fields or event types.
 */
class WireRoundTripTest {
    static final Instant T = Instant.parse("2026-06-01T10:00:00.123Z");

    static final InstanceStatus INSTANCE = new InstanceStatus("poll-1", "demo-vote", "config", true, Duration.ofSeconds(30),
            InstanceState.SCHEDULED, Outcome.SUCCESS, "Thanks for voting!", T, T.plusSeconds(30), null, 18.0,
            12, 10, 1, 1, true);
    static final RunRecord RUN = new RunRecord(41, "poll-1", "demo-vote", Outcome.FAILED, T, 1234L,
            "Voting is closed", null, "run-41.png");
    static final ResourceSample SAMPLE = new ResourceSample(T, 12.5, 2_000_000_000L, 900_000_000L, 3.0, 60_000_000L,
            390_000_000L, 7, 700_000_000L, null);
    static final GuardAction GUARD = new GuardAction(T, "SOFT", "hold-new-runs", "memory 81% is over the soft limit of 80%");
    static final LogLine LOG = new LogLine(T, "WARNING", "Scheduler", "poll-1", "could not start a run");
    static final AgentInfo AGENT = new AgentInfo("droplet-1", "0.1.0", Protocol.VERSION, "droplet-1", T, 4242);
    static final BrowserStatus BROWSER = new BrowserStatus("UP", "/usr/bin/chromium-headless-shell", "156.0", null, T, 2, 17);
    static final WorkerStatus WORKER = new WorkerStatus("worker-1", "local", "/usr/bin/chromium-headless-shell", "UP", "156.0", 3, 15,
            null, T, 2);
    static final WorkerStatus REMOTE_WORKER = new WorkerStatus("worker-2", "remote", "ws://10.0.0.5:3000/7b96b69b", "FAILED", "1.62",
            0, 16, "browser endpoint lost (ws://10.0.0.5:3000/7b96b69b)", T, 1);
    static final FlowInfo FLOW = new FlowInfo("demo-vote", "demo-vote.yaml", "http://127.0.0.1:8077/demo/",
            Duration.ofSeconds(20), Duration.ofSeconds(10), 4);
    static final FlowProblem PROBLEM = new FlowProblem("bad.yaml", "steps[1].clik", "unknown step 'clik'");
    static final Alert ALERT = new Alert(7, "failures-in-a-row:instance:poll-1", "failures-in-a-row", AlertSeverity.WARNING,
            AlertState.RESOLVED, "poll-1 succeeded again", "poll-1", "demo-vote", T, T.plusSeconds(30), T.plusSeconds(30),
            T, 2, "muted until 2026-06-01T12:00:00Z (scope agent)");
    static final AlertDelivery DELIVERY = new AlertDelivery(3, "0f8fad5b-d9cb-469f-a165-70867728950e", ALERT.key(), "ops",
            "OPEN", AlertSeverity.WARNING, "PENDING", 2, T, T.plusSeconds(20), T.plusSeconds(86_400), null, "HTTP 500");

    /** One of every event the agent sends, with every field set that the type has. */
    static Stream<AgentEvent> events() {
        return Stream.of(
                new Snapshot(100, T, Protocol.VERSION, AGENT, true, 2, BROWSER, List.of(INSTANCE), List.of(PROBLEM),
                        List.of(SAMPLE), List.of(GUARD), List.of(LOG), List.of(WORKER, REMOTE_WORKER)),
                new InstanceChanged(101, T, INSTANCE),
                new InstanceRemoved(102, T, "poll-2"),
                new RunStarted(103, T, new RunRecord(42, "poll-1", "demo-vote", Outcome.RUNNING, T, null, null, null, null)),
                new RunFinished(104, T, RUN),
                new LogEvent(105, T, LOG, 3),
                new ResourcesEvent(106, T, SAMPLE, List.of(WORKER, REMOTE_WORKER)),
                new GuardEvent(107, T, GUARD),
                new MonitoringChanged(108, T, false),
                new FlowsChanged(109, T, List.of(FLOW), List.of(PROBLEM)),
                new AlertChanged(109, T, ALERT),
                new Pong(109, T, "p-1"),
                new ErrorEvent(109, T, "malformed-json", "frame: not valid JSON at line 1, column 2"));
    }

    /** One of every REST body. */
    static Stream<Object> bodies() {
        return Stream.of(AGENT, BROWSER, new ErrorBody(404, "not-found", "no instance 'x'"), FLOW,
                new FlowList(List.of(FLOW), List.of(PROBLEM)), PROBLEM, GUARD,
                new HealthResponse("DOWN", "0.1.0", List.of(new HealthResponse.HealthCheck("store", true, null),
                        new HealthResponse.HealthCheck("browser", false, "cannot start Chromium"))),
                new InstanceList(List.of(INSTANCE)), new InstanceSpec("poll-2", "demo-vote", Duration.ofMinutes(5), false),
                INSTANCE, LOG, new MonitoringState(true), SAMPLE, new RotatedToken("0123456789abcdef0123"),
                new RunList(List.of(RUN)), RUN,
                new StatusResponse(AGENT, true, 1, 2, BROWSER, List.of(INSTANCE), List.of(PROBLEM), SAMPLE, List.of(WORKER)),
                WORKER, new FlowTry("demo-vote", "demo-1", Outcome.SUCCESS, "page says \"Thanks\"", 18.0, Map.of("votes", "18"),
                        List.of(new FlowTry.StepTiming(1, "goto", "goto the target", 180, true, null)), 420, "iVBORw0KGgo="),
                FlowRejection.of(List.of(PROBLEM.at(6, 5))),
                new FlowSource("demo-vote", "demo-vote.yaml", "yaml", "name: demo-vote\n", FLOW, List.of(PROBLEM.at(6, 5))),
                ALERT, new AlertList(List.of(ALERT)), DELIVERY, new AlertDeliveryList(List.of(DELIVERY)),
                new AlertChannel("ops", "webhook", "https://hooks.example.org/…", List.of(AlertSeverity.CRITICAL), 1, 4, 2),
                new AlertChannelList(List.of()), new AlertMute(2, "flow:demo-vote", T.plusSeconds(3600), T, "api"),
                new AlertMuteList(List.of()), new MuteRequest(T.plusSeconds(3600), "agent"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventSurvivesTheRoundTripAsAnAgentEvent(AgentEvent event) throws IOException {
        String json = Json.mapper().writeValueAsString(event);
        assertThat(Json.mapper().readValue(json, AgentEvent.class)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventCarriesItsTypeSeqAndTime(AgentEvent event) throws Exception {
        JsonNode tree = Json.mapper().readTree(Json.mapper().writeValueAsString(event));
        String declared = (String) event.getClass().getField("TYPE").get(null);
        assertThat(tree.path("type").asText()).isEqualTo(declared);
        assertThat(tree.path("seq").asLong()).isEqualTo(event.seq());
        assertThat(tree.path("time").asText()).isEqualTo("2026-06-01T10:00:00.123Z");
    }

    @ParameterizedTest
    @MethodSource("events")
    void anOlderClientIgnoresFieldsItDoesNotKnow(AgentEvent event) throws IOException {
        var tree = (ObjectNode) Json.mapper().readTree(Json.mapper().writeValueAsString(event));
        tree.put("addedLater", "x");
        tree.putObject("nestedLater").put("a", 1);
        assertThat(Json.mapper().treeToValue(tree, AgentEvent.class)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void everyRestBodySurvivesTheRoundTripAndToleratesNewFields(Object body) throws IOException {
        var tree = (ObjectNode) Json.mapper().readTree(Json.mapper().writeValueAsString(body));
        assertThat(Json.mapper().treeToValue(tree, body.getClass())).isEqualTo(body);
        tree.put("addedLater", 1);
        assertThat(Json.mapper().treeToValue(tree, body.getClass())).isEqualTo(body);
    }

    @Test
    void theSamplesCoverEverySealedEventTypeAndEveryRestBody() throws Exception {
        Set<Class<?>> sampled = events().map(Object::getClass).collect(Collectors.toSet());
        var permitted = Arrays.stream(AgentEvent.class.getPermittedSubclasses())
                .filter(c -> c != UnknownEvent.class).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(permitted);

        Set<String> bodies = bodies().map(b -> b.getClass().getSimpleName()).collect(Collectors.toSet());
        assertThat(bodies).containsAll(recordsIn(RotatedToken.class));
    }

    @Test
    void aSnapshotOrResourcesEventFromAnAgentWithoutWorkersReadsAsNoWorkers() throws IOException {
        for (var event : List.<AgentEvent>of(new Snapshot(100, T, Protocol.VERSION, AGENT, true, 2, BROWSER, List.of(INSTANCE),
                List.of(PROBLEM), List.of(SAMPLE), List.of(GUARD), List.of(LOG), List.of(WORKER)),
                new ResourcesEvent(106, T, SAMPLE, List.of(WORKER)))) {
            var tree = (ObjectNode) Json.mapper().readTree(Json.mapper().writeValueAsString(event));
            assertThat(tree.path("workers").get(0).path("name").asText()).isEqualTo("worker-1");
            tree.remove("workers");
            var older = Json.mapper().treeToValue(tree, AgentEvent.class);
            assertThat(older).isEqualTo(event instanceof Snapshot ? new Snapshot(100, T, Protocol.VERSION, AGENT, true, 2, BROWSER,
                    List.of(INSTANCE), List.of(PROBLEM), List.of(SAMPLE), List.of(GUARD), List.of(LOG))
                    : new ResourcesEvent(106, T, SAMPLE));
            assertThat(older instanceof Snapshot s ? s.workers() : ((ResourcesEvent) older).workers()).isEmpty();
        }
    }

    @Test
    void anEventTypeFromANewerAgentBecomesUnknownInsteadOfAnError() throws IOException {
        var event = Json.mapper().readValue("""
                {"type":"fleet.moved","seq":77,"time":"2026-06-01T10:00:00Z","where":{"x":1}}""", AgentEvent.class);
        assertThat(event).isEqualTo(new UnknownEvent(77, Instant.parse("2026-06-01T10:00:00Z")));
    }

    @Test
    void theWireShapeOfARunFinishedIsWhatOtherLanguagesRead() throws IOException {
        assertThat(Json.mapper().writeValueAsString(new RunFinished(104, T, RUN))).isEqualTo(
                "{\"type\":\"run.finished\",\"seq\":104,\"time\":\"2026-06-01T10:00:00.123Z\",\"run\":{\"id\":41,"
                        + "\"instanceId\":\"poll-1\",\"flow\":\"demo-vote\",\"outcome\":\"FAILED\","
                        + "\"startedAt\":\"2026-06-01T10:00:00.123Z\",\"durationMs\":1234,\"message\":\"Voting is closed\","
                        + "\"artifact\":\"run-41.png\",\"attempt\":1,\"values\":{}}}");
        assertThat(Json.mapper().writeValueAsString(INSTANCE)).contains("\"cooldown\":\"PT30S\"");
    }

    @Test
    void clientMessagesRoundTripAndToleratePlusFields() throws IOException {
        for (var message : List.of(new ClientMessage.Ping("p-1"),
                new ClientMessage.Subscribe("WARNING", List.of("poll-1", "poll-2")))) {
            String json = Json.mapper().writeValueAsString(message);
            assertThat(Json.mapper().readValue(json, ClientMessage.class)).isEqualTo(message);
        }
        assertThat(Json.mapper().readValue("{\"type\":\"ping\",\"id\":\"a\",\"extra\":true}", ClientMessage.class))
                .isEqualTo(new ClientMessage.Ping("a"));
        assertThat(Json.mapper().writeValueAsString(new ClientMessage.Ping("a"))).isEqualTo("{\"type\":\"ping\",\"id\":\"a\"}");
    }

    @Test
    void theRotatedTokenNeverShowsInToString() {
        assertThat(new RotatedToken("0123456789abcdef0123").toString()).doesNotContain("0123456789abcdef0123");
    }

    private static Set<String> recordsIn(Class<?> member) throws URISyntaxException, IOException {
        Path root = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = root.resolve(member.getPackageName().replace('.', '/'));
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> {
                        try {
                            return Class.forName(member.getPackageName() + "." + n).isRecord();
                        } catch (ClassNotFoundException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.toSet());
        }
    }
}
