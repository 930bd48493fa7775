package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.RunRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.cloudvoter.model.api.Outcome.FAILED;
import static io.cloudvoter.model.api.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRetentionTest {
    static final Instant NOW = Instant.parse("2025-03-31T00:00:00Z");
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(30));

    @TempDir
    Path dir;
    Database db;
    RunStore store;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("runs.db"));
        store = new RunStore(db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void runsStartedBeforeTheCutoffAreDeletedWithTheirArtifactsNamed() {
        var old = failed(CUTOFF.minusMillis(1), "old.png");
        var oldNoArtifact = failed(CUTOFF.minus(Duration.ofDays(3)), null);
        var atCutoff = failed(CUTOFF, "edge.png");
        var recent = failed(NOW.minusSeconds(5), "new.png");

        var retention = store.prune(CUTOFF, Long.MAX_VALUE);

        assertThat(retention.deleted()).isEqualTo(2);
        assertThat(retention.artifacts()).containsExactlyInAnyOrder("old.png");
        assertThat(ids()).containsExactly(recent.id(), atCutoff.id());
        assertThat(store.find(old.id())).isEmpty();
        assertThat(store.find(oldNoArtifact.id())).isEmpty();
    }

    @Test
    void onlyTheNewestRunsAreKeptBeyondTheCount() {
        var runs = List.of(failed(NOW, "1.png"), failed(NOW, "2.png"), failed(NOW, null), failed(NOW, "4.png"), failed(NOW, "5.png"));

        var retention = store.prune(CUTOFF, 2);

        assertThat(retention.deleted()).isEqualTo(3);
        assertThat(retention.artifacts()).containsExactlyInAnyOrder("1.png", "2.png");
        assertThat(ids()).containsExactly(runs.get(4).id(), runs.get(3).id());
        assertThat(store.prune(CUTOFF, 2).deleted()).isZero();
    }

    @Test
    void runningRowsAreNeverDeleted() {
        var stuck = store.start("a", "vote", CUTOFF.minus(Duration.ofDays(90)));
        failed(NOW, "x.png");
        var current = store.start("a", "vote", NOW);

        var retention = store.prune(NOW.plusSeconds(1), 0);

        assertThat(retention.deleted()).isEqualTo(1);
        assertThat(retention.artifacts()).containsExactly("x.png");
        assertThat(ids()).containsExactly(current.id(), stuck.id());
    }

    @Test
    void idsOfPrunedRunsAreNotHandedOutAgain() {
        var last = failed(NOW, null);
        store.prune(NOW.plusSeconds(1), 0);

        assertThat(store.start("a", "vote", NOW).id()).isGreaterThan(last.id());
    }

    @Test
    void aNegativeCountIsRejected() {
        assertThatThrownBy(() -> store.prune(CUTOFF, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    private RunRecord failed(Instant at, String artifact) {
        var run = store.start("a", "vote", at);
        return store.finish(run.id(), artifact == null ? SUCCESS : FAILED, 100, null, null, artifact);
    }

    private List<Long> ids() {
        return store.query(RunQuery.newest().withLimit(1_000)).stream().map(RunRecord::id).toList();
    }
}
