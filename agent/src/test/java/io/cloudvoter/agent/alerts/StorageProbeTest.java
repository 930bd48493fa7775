package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.RunStore;
import io.cloudvoter.model.api.AlertSeverity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The storage probe against a real SQLite file and a real directory. */
class StorageProbeTest {
    @TempDir
    Path dir;

    @Test
    void aHealthyDataDirPassesAndLeavesNothingBehind() throws Exception {
        try (var db = Database.open(dir.resolve("cloudvoter.db"))) {
            var probe = new StorageProbe(dir, new RunStore(db, Clock.systemUTC())::probeWrite, 1024.0);
            assertThat(probe.get()).isEmpty();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("probe"));
        }
    }

    @Test
    void aDatabaseThatTakesNoWritesIsCritical() {
        var db = Database.open(dir.resolve("cloudvoter.db"));
        var store = new RunStore(db, Clock.systemUTC());
        db.close();
        var problem = new StorageProbe(dir, store::probeWrite, null).get().orElseThrow();
        assertThat(problem.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(problem.message()).startsWith("the database does not take writes: ").contains("is closed");
    }

    @Test
    void aDataDirThatIsNotADirectoryIsCritical() throws Exception {
        var notADir = Files.writeString(dir.resolve("plain-file"), "x");
        var problem = new StorageProbe(notADir, () -> { }, null).get().orElseThrow();
        assertThat(problem.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(problem.message()).startsWith("the data dir " + notADir + " is not writable");
    }

    @Test
    void lessFreeSpaceThanTheMinimumIsAWarning() {
        var problem = new StorageProbe(dir, () -> { }, 1e18).get().orElseThrow();
        assertThat(problem.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(problem.message()).startsWith("only ").contains(" MB free for the data dir ");
    }
}
