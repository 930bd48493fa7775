package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.StalledSocket;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.Protocol;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.AgentEvent;
import io.cloudvoter.model.events.CloseCodes;
import io.cloudvoter.model.events.ErrorEvent;
import io.cloudvoter.model.events.InstanceChanged;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.MonitoringChanged;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code /ws} over real sockets against a real agent. */
class StreamSocketTest {
    @TempDir
    static Path dir;
    static Agent agent;
    static Api api;

    @BeforeAll
    static void start() {
        agent = LiveAgents.startWebOnly(dir, """
                  stream:
                    client-queue: 64
                    stall-grace: 60s
                """, Map.of("f.yaml", """
                name: f
                target: "http://127.0.0.1:9/"
                steps:
                  - goto
                """), Map.of());
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        assertThat(api.post("/api/instances", "{\"id\":\"a\",\"flow\":\"f\",\"enabled\":false}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    static WsTestClient connect() {
        return WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open();
    }

    static AgentEvent publishLog(String message) {
        return agent.bus().publish((seq, time) -> new LogEvent(seq, time, new LogLine(time, "INFO", "test", null, message), 0));
    }

    /** Reads events until one with {@code seq}; checks none is missing or repeated on the way. */
    static List<AgentEvent> readThrough(WsTestClient client, long fromSeq, long toSeq) {
        var got = new ArrayList<AgentEvent>();
        long expected = fromSeq;
        while (expected <= toSeq) {
            var e = client.next();
            assertThat(e.seq()).as("no gap, no duplicate").isEqualTo(expected++);
            got.add(e);
        }
        return got;
    }

    @Test
    void aClientGetsASnapshotFirstThenEveryChangeInOrder() {
        try (var client = connect()) {
            var snapshot = (Snapshot) client.next();
            assertThat(snapshot.protocol()).isEqualTo(Protocol.VERSION);
            assertThat(snapshot.instances()).extracting(i -> i.id()).contains("a");
            assertThat(snapshot.agent().version()).isEqualTo(Agent.VERSION);

            // monitoring first, while 'a' is disabled, so that nothing starts a run
            assertThat(api.post("/api/monitoring/start", null).status()).isEqualTo(200);
            assertThat(api.post("/api/monitoring/stop", null).status()).isEqualTo(200);
            assertThat(api.post("/api/instances/a/enable", null).status()).isEqualTo(200);
            assertThat(api.post("/api/instances/a/disable", null).status()).isEqualTo(200);
            long last = publishLog("marker").seq();

            var deltas = readThrough(client, snapshot.seq() + 1, last);
            assertThat(deltas).filteredOn(e -> e instanceof InstanceChanged ic && ic.instance().id().equals("a"))
                    .extracting(e -> ((InstanceChanged) e).instance().enabled()).startsWith(true).endsWith(false);
            assertThat(deltas).filteredOn(e -> e instanceof MonitoringChanged)
                    .extracting(e -> ((MonitoringChanged) e).monitoring()).containsExactly(true, false);
        }
    }

    @Test
    void aClientThatReconnectsWithSinceGetsOnlyWhatItMissed() {
        long seen;
        try (var client = connect()) {
            var snapshot = (Snapshot) client.next();
            seen = publishLog("seen").seq();
            readThrough(client, snapshot.seq() + 1, seen);
        }
        publishLog("missed 1");
        long lastMissed = publishLog("missed 2").seq();
        try (var again = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).since(seen).open()) {
            var replayed = readThrough(again, seen + 1, lastMissed);
            assertThat(replayed).noneMatch(e -> e instanceof Snapshot);
            assertThat(replayed).filteredOn(e -> e instanceof LogEvent l && l.line().logger().equals("test"))
                    .extracting(e -> ((LogEvent) e).line().message()).containsExactly("missed 1", "missed 2");
            long next = publishLog("live again").seq();
            readThrough(again, lastMissed + 1, next);
        }
    }

    @Test
    void aSinceTheBufferNoLongerHoldsOrThisRunNeverReachedGetsASnapshot() {
        long last = agent.bus().lastSeq();
        try (var old = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).since(3).open();
             var future = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).since(last + 1_000).open()) {
            assertThat(old.next()).isInstanceOf(Snapshot.class);
            assertThat(future.next()).isInstanceOf(Snapshot.class);
        }
    }

    @Test
    void aSinceThatIsNotANumberIsRefusedWith400() {
        assertThatThrownBy(() -> WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).query("since=yesterday").open())
                .isInstanceOfSatisfying(WsTestClient.Refused.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void anUpgradeWithoutTheRightTokenIs401AndOpensNoSocket() {
        long opened = agent.stream().opened();
        for (var attempt : List.of(WsTestClient.to(agent.baseUrl()),
                WsTestClient.to(agent.baseUrl()).token("wrong-token-wrong-token"),
                WsTestClient.to(agent.baseUrl()).protocols(Protocol.SUBPROTOCOL, "bearer.wrong-token-wrong"))) {
            assertThatThrownBy(attempt::open).isInstanceOfSatisfying(WsTestClient.Refused.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(agent.stream().opened()).as("no connection was opened").isEqualTo(opened);
    }

    @Test
    void aPageOfAnotherSiteCannotOpenTheStreamEvenWithTheToken() {
        assertThatThrownBy(() -> WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).header("Origin", "https://evil.example").open())
                .isInstanceOfSatisfying(WsTestClient.Refused.class, e -> assertThat(e.status()).isEqualTo(403));
        try (var sameSite = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).header("Origin", agent.baseUrl()).open()) {
            assertThat(sameSite.next()).isInstanceOf(Snapshot.class);
        }
    }

    @Test
    void aSingleFrameOverTheWebSocketLimitClosesTheConnectionWith1009() {
        try (var raw = StalledSocket.open(agent.baseUrl(), TestAgents.TOKEN)) {
            raw.announceFrame(1024 * 1024 + 1);
            assertThat(raw.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aLongMessageInManyFramesGetsAnErrorAndTheConnectionStays() {
        try (var client = connect()) {
            client.next(Snapshot.class);
            client.send("z".repeat(3 * 1024 * 1024)); // sent in 16 KiB fragments, as WebSocket clients do
            assertError(client, "frame-too-large", "frame of 3145728 characters");
            client.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertThat(client.next(Pong.class).id()).isEqualTo("after");
        }
    }

    @Test
    void aBrowserCanCarryTheTokenAsASubprotocol() {
        try (var client = WsTestClient.to(agent.baseUrl())
                .protocols(Protocol.SUBPROTOCOL, Protocol.BEARER_SUBPROTOCOL_PREFIX + TestAgents.TOKEN).open()) {
            assertThat(client.subprotocol()).isEqualTo(Protocol.SUBPROTOCOL);
            assertThat(client.next()).isInstanceOf(Snapshot.class);
        }
    }

    @Test
    void junkFramesGetAnErrorNamingTheFaultAndTheConnectionStays() {
        try (var client = connect()) {
            var snapshot = (Snapshot) client.next();
            client.send("{\"type\":");
            assertError(client, "malformed-json", "not valid JSON");
            client.send("{\"type\":\"dance\"}");
            assertError(client, "unknown-type", "'dance'");
            client.send("{\"id\":\"no type\"}");
            assertError(client, "unknown-type", "no 'type'");
            client.send("[1,2,3]");
            assertError(client, "unknown-type", "JSON object");
            client.send("{\"type\":\"subscribe\",\"minLogLevel\":\"LOUD\"}");
            assertError(client, "invalid-field", "minLogLevel: 'LOUD'");
            client.send("{\"type\":\"subscribe\",\"instances\":\"a\"}");
            assertError(client, "invalid-field", "instances");
            client.send("x".repeat(StreamSettings.DEFAULT.maxFrame() + 1));
            assertError(client, "frame-too-large", "over the limit of " + StreamSettings.DEFAULT.maxFrame());
            client.sendBinary(new byte[]{1, 2, 3});
            assertError(client, "unsupported-frame", "binary");

            client.send("{\"type\":\"ping\",\"id\":\"still-there\",\"addedLater\":1}");
            var pong = client.next(Pong.class);
            assertThat(pong.id()).isEqualTo("still-there");
            long last = publishLog("after the junk").seq();
            client.next(LogEvent.class, l -> l.seq() == last);
            assertThat(api.get("/api/health/live").status()).as("the agent is still up").isEqualTo(200);
            assertThat(snapshot.seq()).isLessThan(last);
        }
    }

    private static void assertError(WsTestClient client, String code, String says) {
        var error = client.next(ErrorEvent.class);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).contains(says);
    }

    @Test
    void repliesCarryTheSeqOfTheLastEventSentToThatClient() {
        try (var client = connect()) {
            var snapshot = (Snapshot) client.next();
            client.send("{\"type\":\"subscribe\",\"minLogLevel\":\"SEVERE\"}"); // keep log lines out of the way
            client.send("{\"type\":\"ping\",\"id\":\"1\"}");
            var first = client.next(Pong.class);
            assertThat(first.seq()).isGreaterThanOrEqualTo(snapshot.seq());
            var changed = api.post("/api/instances/a/disable", null);
            assertThat(changed.status()).isEqualTo(200);
            var event = client.next(InstanceChanged.class);
            client.send("{\"type\":\"ping\",\"id\":\"2\"}");
            assertThat(client.next(Pong.class).seq()).isEqualTo(event.seq());
        }
    }

    @Test
    void subscribeNarrowsLogsToALevelAndInstances() {
        try (var client = connect()) {
            client.next(Snapshot.class);
            client.send("{\"type\":\"subscribe\",\"minLogLevel\":\"WARNING\",\"instances\":[\"a\"]}");
            client.send("{\"type\":\"ping\",\"id\":\"applied\"}"); // frames are handled in order: the filter is on
            client.next(Pong.class);
            agent.bus().publish((seq, time) -> new LogEvent(seq, time, new LogLine(time, "INFO", "test", "a", "quiet"), 0));
            agent.bus().publish((seq, time) -> new LogEvent(seq, time, new LogLine(time, "WARNING", "test", "b", "other instance"), 0));
            agent.bus().publish((seq, time) -> new LogEvent(seq, time, new LogLine(time, "SEVERE", "test", "a", "loud"), 0));
            var log = client.next(LogEvent.class);
            assertThat(log.line().message()).isEqualTo("loud");
        }
    }

    @Test
    void fiftyClientsEachGetEveryEventInOrder() {
        var clients = new ArrayList<WsTestClient>();
        try {
            var snapshots = new ArrayList<Snapshot>();
            for (int i = 0; i < 50; i++) {
                var c = connect();
                clients.add(c);
                snapshots.add((Snapshot) c.next());
            }
            var next = new long[clients.size()];
            for (int i = 0; i < clients.size(); i++) {
                next[i] = snapshots.get(i).seq() + 1;
            }
            // in batches well under a client's queue (64 here), each read by everyone before the next
            for (int batch = 0; batch < 10; batch++) {
                long last = 0;
                for (int i = 0; i < 10; i++) {
                    last = publishLog("burst " + batch + "." + i).seq();
                }
                for (int i = 0; i < clients.size(); i++) {
                    var got = readThrough(clients.get(i), next[i], last);
                    assertThat(got.getLast()).isInstanceOf(LogEvent.class);
                    next[i] = last + 1;
                }
            }
            assertThat(agent.stream().clients()).isGreaterThanOrEqualTo(50);
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutWithTooSlowWhileAFastOneKeepsReceiving() {
        try (var fast = connect(); var slow = connect()) {
            long from = ((Snapshot) fast.next()).seq() + 1;
            slow.next(Snapshot.class);
            slow.stall();
            long cutBefore = agent.stream().slowClientsCut();
            var big = "x".repeat(8 * 1024);
            long last = from - 1;
            for (int batch = 0; batch < 2_000 && agent.stream().slowClientsCut() == cutBefore; batch++) {
                for (int i = 0; i < 16; i++) {
                    last = publishLog(big).seq();
                }
                readThrough(fast, from, last); // the fast client keeps up with every batch
                from = last + 1;
            }
            assertThat(agent.stream().slowClientsCut()).as("the stalled client was cut").isEqualTo(cutBefore + 1);

            slow.resume();
            var ended = slow.awaitEnd(Duration.ofSeconds(30));
            assertThat(ended.code()).isEqualTo(CloseCodes.TOO_SLOW);
            assertThat(ended.reason()).contains("too slow");

            long after = publishLog("still flowing").seq();
            readThrough(fast, from, after);
            fast.send("{\"type\":\"ping\",\"id\":\"fine\"}");
            assertThat(fast.next(Pong.class).id()).isEqualTo("fine");
        }
    }
}
