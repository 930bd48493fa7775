package io.cloudvoter.agent.health;

import io.cloudvoter.agent.Agent;
import io.cloudvoter.agent.testing.Api;
import io.cloudvoter.agent.testing.LiveAgents;
import io.cloudvoter.agent.testing.TestAgents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An agent whose "Chromium" cannot start: alive, not ready, and the answer says why. */
class HealthTest {
    @TempDir
    static Path dir;
    static Path fakeChromium;
    static Agent agent;
    static Api anonymous;

    @BeforeAll
    static void start() throws IOException {
        fakeChromium = dir.resolve("not-chromium");
        Files.writeString(fakeChromium, "#!/bin/sh\necho started >> '" + dir.resolve("launches") + "'\necho 'this is not a browser' >&2\nexit 3\n");
        Files.setPosixFilePermissions(fakeChromium, PosixFilePermissions.fromString("rwxr-xr-x"));
        // probes every 2 s (a quarter of the interval), so launches are retried at the 5 s backoff
        agent = LiveAgents.start(dir.resolve("data"), "  health:\n    browser-probe-interval: 8s\n", Map.of(), Map.of("CLOUDVOTER_CHROMIUM", fakeChromium.toString()));
        anonymous = new Api(agent.baseUrl(), null);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void readinessTurns503AndNamesTheBrowserThatCannotStart() {
        await().atMost(Duration.ofSeconds(90)).until(() -> anonymous.get("/api/health/ready").json()
                .path("checks").toString().contains("the browser said: this is not a browser"));
        for (var path : new String[]{"/api/health", "/api/health/ready"}) {
            var answer = anonymous.get(path);
            assertThat(answer.status()).as(path).isEqualTo(503);
            var json = answer.json();
            assertThat(json.path("status").asText()).isEqualTo("DOWN");
            assertThat(json.path("checks").toString()).contains("\"name\":\"browser\",\"up\":false")
                    .contains("cannot start Chromium (" + fakeChromium + ")")
                    .contains("the browser said: this is not a browser").contains("exit code 3");
            assertThat(json.path("checks").toString()).contains("\"name\":\"store\",\"up\":true")
                    .contains("\"name\":\"scheduler\",\"up\":true");
            assertThat(answer.body()).doesNotContain(TestAgents.TOKEN);
        }
    }

    @Test
    void aBrowserThatCannotStartIsRetriedOnOneDriver() {
        var drivers = new java.util.HashSet<Long>();
        await("a second launch after the first one's two attempts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            agent.browser().processes().drivers().forEach(d -> drivers.add(d.pid()));
            return launches() >= 3;
        });
        assertThat(drivers).as("a driver at every retry would cost ~0.4 s of CPU each time").hasSize(1);
        assertThat(agent.browser().processes().drivers()).extracting(ProcessHandle::pid).containsExactlyElementsOf(drivers);
    }

    private static long launches() throws IOException {
        var log = dir.resolve("launches");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void livenessStaysUpWhileTheBrowserIsDown() {
        var live = anonymous.get("/api/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");
        assertThat(live.json().path("checks").toString()).contains("scheduler").doesNotContain("browser");
    }
}
