package io.cloudvoter.agent.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.RawHttp;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.Json;
import io.cloudvoter.model.api.RunRecord;
import io.cloudvoter.model.events.ErrorEvent;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The barrage's shapes, generated: hundreds of hostile inputs to the REST API, the /ws stream and the
 * flow loader of one real agent. Whatever comes in: no 5xx, every 4xx a JSON body naming the fault
 * (and never a secret it was sent, nor a stack trace), nothing logged as a failure, the agent
 * healthy after each part, and every run it had recorded before still there, unchanged.
 */
class HostileInputsTest {
    static final long SEED = 20261201L;
    /** Close codes a client may get for what it sent; 1011 (our fault) or no close frame at all would be a finding. */
    static final Set<Integer> CLIENT_FAULT_CLOSES = Set.of(1000, 1002, 1003, 1007, 1008, 1009);

    @TempDir
    static Path dir;
    @TempDir
    static Path outside;
    static Agent agent;
    static Api api;
    static List<RunRecord> before;
    static final List<LogRecord> failures = new CopyOnWriteArrayList<>();
    static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                failures.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    static int probes;
    static final Map<String, Integer> parts = new java.util.concurrent.ConcurrentSkipListMap<>();

    @BeforeAll
    static void start() {
        // Wrong tokens are part of the barrage; the lockout itself is AuthThrottleTest's.
        agent = LiveAgents.start(dir, "  auth: { max-failures: 1000000, global-max-failures: 1000000 }\n"
                + "  http: { header-timeout: 2s, body-timeout: 2s }\n", Map.of(),
                Map.of("CLOUDVOTER_DEMO", "true"));
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/health").status() == 200);
        for (var id : List.of("demo-1", "demo-2")) {
            long runs = api.get("/api/instances/" + id).json().path("runs").asLong();
            assertThat(api.post("/api/instances/" + id + "/run", null).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/instances/" + id).json(),
                    s -> s.path("runs").asLong() > runs && !s.path("state").asText().equals("RUNNING"));
        }
        before = runs();
        assertThat(before).hasSize(2);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(capture);
        if (agent != null) {
            agent.close();
        }
        System.out.println("HostileInputsTest: " + probes + " hostile inputs " + parts);
    }

    static List<RunRecord> runs() {
        return List.of(api.get("/api/runs?limit=1000").as(io.cloudvoter.model.api.RunList.class).runs().toArray(RunRecord[]::new));
    }

    @AfterEach
    void theAgentIsHealthyAndKeptEveryRun() {
        assertThat(failures).extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
        assertThat(api.get("/api/health").status()).isEqualTo(200);
        var now = runs();
        assertThat(now).containsAll(before);
        for (var run : before) {
            assertThat(api.get("/api/runs/" + run.id()).as(RunRecord.class)).isEqualTo(run);
        }
    }

    @Test
    void theRestApiAnswersEveryHostileRequestWithoutA5xx() {
        var all = new ArrayList<>(new HostileRequests(SEED, TestAgents.TOKEN).all());
        parts.put("http requests", all.size());
        var upgrades = HostileFrames.upgrades(TestAgents.TOKEN);
        parts.put("upgrade requests", upgrades.size());
        all.addAll(upgrades);
        assertThat(all.size()).isGreaterThanOrEqualTo(400);
        for (var probe : all) {
            check(probe, answer(probe));
            probes++;
        }
    }

    @Test
    void theStreamSurvivesEveryHostileFrame() {
        var scenarios = new HostileFrames(SEED).scenarios();
        parts.put("frame sequences", scenarios.size());
        assertThat(scenarios.size()).isGreaterThanOrEqualTo(100);
        for (var scenario : scenarios) {
            try (var client = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open()) {
                client.next(Snapshot.class);
                for (var f : scenario.frames()) {
                    if (client.hasEnded()) {
                        break;
                    }
                    try {
                        client.sendFrame(f.opcode(), f.payload(), f.fin());
                    } catch (UncheckedIOException e) {
                        break; // the agent closed the connection: judged below by its close frame
                    }
                }
                if (!client.hasEnded()) {
                    try {
                        client.send("{\"type\":\"ping\",\"id\":\"after\"}");
                    } catch (UncheckedIOException e) {
                        // closed
                    }
                }
                judge(scenario.label(), client);
            }
            probes++;
        }
    }

    /** Either the connection is still up (it answers the ping), or it ended with a close frame saying the client erred. */
    private static void judge(String label, WsTestClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var event = client.poll(Duration.ofMillis(100));
            if (event instanceof Pong p && "after".equals(p.id())) {
                return;
            }
            if (event instanceof ErrorEvent e) {
                assertThat(e.code()).as(label).isNotBlank();
                assertThat(e.message()).as(label).isNotBlank();
            }
            if (event == null && client.hasEnded()) {
                var end = client.awaitEnd(Duration.ofSeconds(1));
                assertThat(end.code()).as(label + ": " + end).isIn(CLIENT_FAULT_CLOSES);
                return;
            }
        }
        throw new AssertionError(label + ": neither a pong nor a close within 10 s");
    }

    @Test
    void theFlowLoaderRefusesEveryHostileFileAndKeepsTheGoodFlow() throws IOException {
        var files = new HostileFlows(SEED, outside).files();
        parts.put("flow files", files.size());
        assertThat(files.size()).isGreaterThanOrEqualTo(100);
        var flows = dir.resolve("flows");
        var written = new ArrayList<Path>();
        for (int i = 0; i < files.size(); i++) {
            var f = files.get(i);
            var path = flows.resolve(f.name());
            if (f.linkTo() != null) {
                Files.createSymbolicLink(path, f.linkTo());
            } else {
                Files.write(path, f.content());
            }
            written.add(path);
            if (written.size() == 25 || i == files.size() - 1) {
                reloadAndCheck();
                for (var p : written) {
                    Files.deleteIfExists(p);
                }
                written.clear();
            }
            probes++;
        }
        var fifo = flows.resolve("fifo.yaml");
        if (mkfifo(fifo)) {
            reloadAndCheck(); // a FIFO named like a flow must not block the reload
            Files.delete(fifo);
            probes++;
        }
        reloadAndCheck();
    }

    private static void reloadAndCheck() throws IOException {
        var answer = api.post("/api/flows/reload", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(HostileFlows.SECRET).doesNotContain("j9T").doesNotContain("root:x:");
        var json = answer.json();
        assertThat(json.path("flows")).extracting(f -> f.path("name").asText()).contains("demo-vote");
        assertThat(json.path("flows")).filteredOn(f -> f.path("name").asText().equals("demo-vote"))
                .singleElement().satisfies(f -> assertThat(f.path("file").asText()).isEqualTo("demo-vote.yaml"));
        for (var problem : json.path("errors")) {
            assertThat(problem.path("file").asText()).isNotBlank();
            assertThat(problem.path("reason").asText()).isNotBlank();
        }
        var logged = Files.exists(dir.resolve("flows")) ? failures.toString() : "";
        assertThat(logged).doesNotContain(HostileFlows.SECRET);
    }

    private static boolean mkfifo(Path path) {
        try {
            var p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static RawHttp.Answer answer(HostileRequests.Probe probe) {
        try (var http = RawHttp.open(agent.baseUrl())) {
            http.send(probe.bytes());
            return probe.head() ? headAnswer(http) : http.read();
        } catch (UncheckedIOException e) {
            throw new AssertionError(probe.label() + ": no answer (" + e.getMessage() + ")", e);
        }
    }

    /** An answer to HEAD has headers only, whatever its Content-Length says. */
    private static RawHttp.Answer headAnswer(RawHttp http) {
        var a = http.readHead();
        return new RawHttp.Answer(a.status(), a.headers(), "");
    }

    private static void check(HostileRequests.Probe probe, RawHttp.Answer a) {
        var label = probe.label() + " -> " + a.status() + " " + HostileRequests.preview(a.body());
        assertThat(a.status()).as(label).isLessThan(500).isNotEqualTo(0);
        if (a.status() == 101) {
            // The only subprotocol ever selected is the agent's own: never an echo of what was offered.
            var protocol = a.header("sec-websocket-protocol");
            assertThat(protocol == null || protocol.equals("cloudvoter.v1")).as(label).isTrue();
            return;
        }
        assertThat(a.header("x-content-type-options")).as(label).isEqualTo("nosniff");
        if (a.status() >= 400 && !probe.head()) {
            assertThat(a.header("content-type")).as(label).startsWith("application/json");
            JsonNode body;
            try {
                body = Json.mapper().readTree(a.body());
            } catch (IOException e) {
                throw new AssertionError(label + ": not JSON", e);
            }
            assertThat(body.path("status").asInt()).as(label).isEqualTo(a.status());
            assertThat(body.path("message").asText()).as(label).isNotBlank();
        }
        if (a.status() >= 400) {
            assertThat(a.body()).as(label).doesNotContain(JsonMutations.SECRET).doesNotContain("at io.");
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
