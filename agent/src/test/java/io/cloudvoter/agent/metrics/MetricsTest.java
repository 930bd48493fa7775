package io.cloudvoter.agent.metrics;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.TestAgents;
import io.cloudvoter.agent.testing.TestSite;
import io.cloudvoter.agent.testing.WsTestClient;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.events.GuardEvent;
import io.cloudvoter.model.events.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code /metrics} after a real run in real Chromium, read by a strict text-format parser. */
class MetricsTest {
    @TempDir
    static Path dir;
    static TestSite site;
    static Agent agent;
    static Api api;

    @BeforeAll
    static void start() {
        site = new TestSite().html("/vote", "<button id=vote onclick=\"document.getElementById('m').textContent='Thanks for voting!'\">Vote</button><p id=m></p>");
        agent = LiveAgents.start(dir, "", Map.of("vote.yaml", """
                name: vote
                target: "%s"
                timeout: 20s
                steps:
                  - goto
                  - click: "#vote"
                  - waitFor: { text: "Thanks" }
                outcome:
                  success: ["Thanks for voting"]
                """.formatted(site.url("/vote"))), Map.of());
        api = new Api(agent.baseUrl(), TestAgents.TOKEN);
        assertThat(api.post("/api/instances", "{\"id\":\"m\",\"flow\":\"vote\",\"enabled\":false}").status()).isEqualTo(201);
        assertThat(api.post("/api/instances/m/run", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/instances/m").json().path("runs").asLong() == 1
                && !api.get("/api/instances/m").json().path("state").asText().equals("RUNNING"));
    }

    @AfterAll
    static void stop() {
        agent.close();
        site.close();
    }

    static Map<String, PrometheusParser.Family> scrape() {
        var answer = api.get("/metrics");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
        return PrometheusParser.parse(answer.body());
    }

    static double value(Map<String, PrometheusParser.Family> families, String family, String sample, Map<String, String> labels) {
        assertThat(families).containsKey(family);
        return families.get(family).samples().stream()
                .filter(s -> s.name().equals(sample) && s.labels().equals(labels))
                .findFirst().orElseThrow(() -> new AssertionError("no " + sample + labels)).value();
    }

    @Test
    void aRealRunShowsInTheRunCountersAndTheDurationHistogram() {
        var m = scrape();
        assertThat(value(m, "cloudvoter_runs_total", "cloudvoter_runs_total", Map.of("outcome", "SUCCESS"))).isEqualTo(1);
        assertThat(value(m, "cloudvoter_runs_total", "cloudvoter_runs_total", Map.of("outcome", "FAILED"))).isZero();
        assertThat(value(m, "cloudvoter_run_duration_seconds", "cloudvoter_run_duration_seconds_count", Map.of())).isEqualTo(1);
        assertThat(value(m, "cloudvoter_run_duration_seconds", "cloudvoter_run_duration_seconds_sum", Map.of())).isPositive();
        assertThat(value(m, "cloudvoter_instances", "cloudvoter_instances", Map.of("state", "DISABLED"))).isEqualTo(1);
        assertThat(value(m, "cloudvoter_runs_in_flight", "cloudvoter_runs_in_flight", Map.of())).isZero();
        assertThat(value(m, "cloudvoter_browser_up", "cloudvoter_browser_up", Map.of())).isEqualTo(1);
        var worker = Map.of("worker", "worker-1", "kind", "local");
        assertThat(value(m, "cloudvoter_worker_runs_in_flight", "cloudvoter_worker_runs_in_flight", worker)).isZero();
        assertThat(value(m, "cloudvoter_worker_capacity", "cloudvoter_worker_capacity", worker))
                .isEqualTo((double) agent.browser().workers().getFirst().capacity()).isPositive();
        assertThat(m).containsKeys("cloudvoter_browser_restarts_total", "jvm_memory_used_bytes", "process_resident_memory_bytes",
                "process_cpu_seconds_total", "cloudvoter_events_published_total", "cloudvoter_auth_failures_total");
        assertThat(value(m, "jvm_memory_used_bytes", "jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        assertThat(value(m, "process_resident_memory_bytes", "process_resident_memory_bytes", Map.of())).isGreaterThan(10_000_000);
    }

    @Test
    void streamClientsAndGuardActionsAreCounted() {
        try (var client = WsTestClient.to(agent.baseUrl()).token(TestAgents.TOKEN).open()) {
            client.next(Snapshot.class);
            agent.bus().publish((seq, time) -> new GuardEvent(seq, time, new GuardAction(time, "SOFT", "hold-new-runs",
                    "memory 81% is over the soft limit of 80%")));
            var m = scrape();
            assertThat(value(m, "cloudvoter_ws_clients", "cloudvoter_ws_clients", Map.of())).isEqualTo(1);
            assertThat(value(m, "cloudvoter_guard_actions_total", "cloudvoter_guard_actions_total",
                    Map.of("level", "SOFT", "action", "hold-new-runs"))).isEqualTo(1);
            assertThat(value(m, "cloudvoter_events_dropped_total", "cloudvoter_events_dropped_total",
                    Map.of("reason", "slow-client"))).isZero();
        }
    }

    @Test
    void theParserRejectsWhatPrometheusWould() {
        assertThatThrownBy(() -> PrometheusParser.parse("x 1\n")).hasMessageContaining("before any TYPE");
        assertThatThrownBy(() -> PrometheusParser.parse("# TYPE x gauge\nx{a=\"1\" 2\n")).hasMessageContaining("not a sample");
        assertThatThrownBy(() -> PrometheusParser.parse("# TYPE x gauge\nx one\n")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PrometheusParser.parse("# TYPE x gauge\nx 1\nx 2\n")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusParser.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"))
                .hasMessageContaining("cumulative");
    }
}
