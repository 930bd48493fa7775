package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.alerts.channels.WebhookChannel;
import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.testing.ChildAgent;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.agent.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox across a {@code kill -9}: an agent process (a child JVM, set up through
 * {@code CLOUDVOTER_ALERT_WEBHOOK} as an operator would) opens an alert whose receiver keeps
 * failing, is killed, and delivers the very same notification after its next start.
 */
class AlertOutboxCrashTest {
    static final String KEY = "failures-in-a-row:instance:voter";

    @TempDir
    Path dir;
    final TestSite site = new TestSite().html("/vote", "<p id=m>Voting is closed</p>");
    final WebhookReceiver hook = new WebhookReceiver().failing(true);
    final List<ChildAgent> children = new ArrayList<>();

    @AfterEach
    void stop() {
        children.forEach(ChildAgent::close);
        hook.close();
        site.close();
    }

    ChildAgent start() {
        var child = ChildAgent.start(dir.resolve("data"), TestAgents.QUIET_GUARD + """
                  instances:
                    - { id: voter, flow: vote }
                  alerts:
                    evaluate-every: 100ms
                    failures-in-a-row: 1
                    delivery: { retry-initial: 200ms, retry-max: 1s }
                """, Map.of("CLOUDVOTER_ALERT_WEBHOOK", hook.url("/hook"), "CLOUDVOTER_ALERT_WEBHOOK_SECRET", "crash-test-secret"));
        children.add(child);
        return child;
    }

    @Test
    void aNotificationNotDeliveredWhenTheAgentIsKilledIsDeliveredAfterItsRestart() throws Exception {
        Files.createDirectories(dir.resolve("data/flows"));
        Files.writeString(dir.resolve("data/flows/vote.yaml"), """
                name: vote
                target: "%s"
                timeout: 20s
                cooldown: 1s
                steps:
                  - goto
                outcome:
                  success: ["Thanks for voting"]
                  failure: ["Voting is closed"]
                """.formatted(site.url("/vote")));
        var first = start();
        await().atMost(Duration.ofSeconds(90)).until(() -> hook.received().stream().filter(r -> r.json().path("key").asText().equals(KEY)).count() >= 2);
        String delivery = hook.received().getFirst().header(WebhookChannel.DELIVERY_HEADER);
        assertThat(hook.accepted()).isEmpty();

        first.close(); // SIGKILL to the agent and everything under it
        assertThat(first.process.waitFor()).isNotZero();
        try (var db = Database.open(dir.resolve("data/cloudvoter.db"))) {
            String state = db.read(c -> {
                try (var ps = c.prepareStatement("SELECT state FROM alert_deliveries WHERE delivery_id = ?")) {
                    ps.setString(1, delivery);
                    try (var rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : "missing";
                    }
                }
            });
            assertThat(state).as("the killed agent left its notification in the outbox").isEqualTo("PENDING");
        }

        hook.failing(false);
        var second = start();
        await().atMost(Duration.ofSeconds(90)).until(() -> hook.accepted().stream()
                .anyMatch(r -> delivery.equals(r.header(WebhookChannel.DELIVERY_HEADER))));
        var opens = hook.accepted().stream().filter(r -> r.json().path("key").asText().equals(KEY)).toList();
        assertThat(opens).hasSize(1);
        assertThat(opens.getFirst().json().path("event").asText()).isEqualTo("open");
        // The restarted agent picked the open alert up again rather than opening a second one.
        var open = second.api.get("/api/alerts").json().path("alerts");
        assertThat(open).anySatisfy(a -> {
            assertThat(a.path("key").asText()).isEqualTo(KEY);
            assertThat(a.path("id").asLong()).isEqualTo(opens.getFirst().json().path("alertId").asLong());
        });
        assertThat(second.api.get("/api/alerts/channels").json().path("channels").get(0).path("name").asText()).isEqualTo("webhook");
    }
}
