package io.cloudvoter.agent.stream;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.StalledSocket;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.api.LogLine;
import io.cloudvoter.model.events.LogEvent;
import io.cloudvoter.model.events.Pong;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client that never reads again: cut, and its socket closed under it; the fast client never notices. */
class SlowClientTest {
    @TempDir
    static Path dir;
    static Agent agent;

    @BeforeAll
    static void start() {
        agent = LiveAgents.startWebOnly(dir, """
                  stream:
                    client-queue: 64
                    stall-grace: 500ms
                """, Map.of(), Map.of());
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void aStalledSocketIsCutAndClosedWhileTheFastClientGetsEveryEvent() {
        try (var fast = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open();
             var stalled = StalledSocket.open(agent.baseUrl(), TestAgents.TOKEN)) {
            assertThat(stalled.handshake()).startsWith("HTTP/1.1 101");
            long next = ((Snapshot) fast.next()).seq() + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.stream().clients() == 2);
            var big = "y".repeat(8 * 1024);
            for (int batch = 0; batch < 2_000 && agent.stream().slowClientsCut() == 0; batch++) {
                long last = 0;
                for (int i = 0; i < 16; i++) {
                    last = agent.bus().publish((seq, time) -> new LogEvent(seq, time, new LogLine(time, "INFO", "test", null, big), 0)).seq();
                }
                next = readThrough(fast, next, last);
            }
            assertThat(agent.stream().slowClientsCut()).isEqualTo(1);
            assertThat(agent.stream().eventsDiscarded()).isGreaterThan(0);

            assertThat(stalled.drainsToEnd()).as("the agent closed the stalled socket").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.stream().clients() == 1);

            fast.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertThat(fast.next(Pong.class).id()).isEqualTo("after");
        }
    }

    private static long readThrough(WsTestClient client, long from, long to) {
        long expected = from;
        while (expected <= to) {
            assertThat(client.next().seq()).isEqualTo(expected++);
        }
        return expected;
    }
}
