package io.cloudvoter.agent.history;

import io.cloudvoter.agent.config.AgentConfig;
import io.cloudvoter.agent.testing.FakeClock;
import io.cloudvoter.model.api.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HousekeepingTest {
    @TempDir
    Path dir;

    @Test
    void oldRunsGoWithTheirScreenshotsAndTraces() throws IOException {
        var clock = new FakeClock();
        var artifacts = Files.createDirectories(dir.resolve("artifacts"));
        try (var db = Database.open(dir.resolve("db.sqlite"))) {
            var runs = new RunStore(db, clock);
            var old = runs.start("i", "f", clock.instant());
            runs.finish(old.id(), Outcome.FAILED, 10, "no", null, "run-" + old.id() + ".png");
            Files.writeString(artifacts.resolve("run-" + old.id() + ".png"), "png");
            Files.writeString(artifacts.resolve("run-" + old.id() + "-trace.zip"), "zip");
            clock.advance(Duration.ofDays(40));
            var recent = runs.start("i", "f", clock.instant());
            runs.finish(recent.id(), Outcome.FAILED, 10, "no", null, "run-" + recent.id() + ".png");
            Files.writeString(artifacts.resolve("run-" + recent.id() + ".png"), "png");

            var keeping = new Housekeeping(runs, artifacts, new AgentConfig.Retention(Duration.ofDays(30), 1000), clock);
            assertThat(keeping.prune()).isEqualTo(1);
            assertThat(artifacts.resolve("run-" + old.id() + ".png")).doesNotExist();
            assertThat(artifacts.resolve("run-" + old.id() + "-trace.zip")).doesNotExist();
            assertThat(artifacts.resolve("run-" + recent.id() + ".png")).exists();
            assertThat(runs.find(recent.id())).isPresent();
        }
    }
}
