package io.cloudvoter.agent.schedule;

import io.cloudvoter.agent.history.Database;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanStoreTest {
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    static final StoredInstance ALPHA = new StoredInstance("alpha", "vote", Duration.ofMinutes(5), true, StoredInstance.CONFIG, NOW.plusSeconds(30));
    static final StoredInstance BETA = new StoredInstance("beta", "poll", null, false, StoredInstance.API, null);

    @TempDir
    Path dir;
    Database db;
    PlanStore plan;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("runs.db"));
        plan = new PlanStore(db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void instancesRoundTripInIdOrderWithTheirNullsKept() {
        plan.upsert(BETA);
        plan.upsert(ALPHA);

        assertThat(plan.instances()).containsExactly(ALPHA, BETA);
    }

    @Test
    void upsertReplacesAnInstanceButKeepsWhenItWasFirstStored() {
        plan.upsert(ALPHA);
        var changed = new StoredInstance("alpha", "poll", null, false, StoredInstance.API, null);
        var later = new PlanStore(db, Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC));

        later.upsert(changed);

        assertThat(plan.instances()).containsExactly(changed);
        assertThat(createdAt("alpha")).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void deleteSaysWhetherThereWasSomethingToDelete() {
        plan.upsert(ALPHA);
        plan.upsert(BETA);

        assertThat(plan.delete("alpha")).isTrue();
        assertThat(plan.delete("alpha")).isFalse();
        assertThat(plan.instances()).containsExactly(BETA);
    }

    @Test
    void nextRunAndEnabledChangeOnlyTheNamedInstance() {
        plan.upsert(ALPHA);
        plan.upsert(BETA);
        var next = NOW.plus(Duration.ofHours(2));

        assertThat(plan.setNextRun("beta", next)).isTrue();
        assertThat(plan.setEnabled("beta", true)).isTrue();
        assertThat(plan.setNextRun("alpha", null)).isTrue();
        assertThat(plan.setNextRun("gone", next)).isFalse();
        assertThat(plan.setEnabled("gone", true)).isFalse();

        assertThat(plan.instances()).containsExactly(
                ALPHA.withNextRunAt(null),
                new StoredInstance("beta", "poll", null, true, StoredInstance.API, next));
    }

    @Test
    void thePlanSurvivesARestart() {
        plan.upsert(ALPHA);
        plan.setPause(new TargetPause("example.org", NOW.plusSeconds(60), "429 retry-after 60"));
        db.close();

        db = Database.open(dir.resolve("runs.db"));
        var reopened = new PlanStore(db);

        assertThat(reopened.instances()).containsExactly(ALPHA);
        assertThat(reopened.pauses()).containsOnlyKeys("example.org");
    }

    @Test
    void aPauseRoundTripsAndALaterOneReplacesIt() {
        var first = new TargetPause("example.org", NOW.plusSeconds(60), "slow down");
        var second = new TargetPause("example.org", NOW.plusSeconds(600), null);
        var other = new TargetPause("a.example", NOW.plusSeconds(5), "rate limited");

        plan.setPause(first);
        plan.setPause(other);
        assertThat(plan.pauses()).containsExactly(Map.entry("a.example", other), Map.entry("example.org", first));

        plan.setPause(second);
        plan.clearPause("a.example");
        assertThat(plan.pauses()).containsExactly(Map.entry("example.org", second));
    }

    @Test
    void expiredPausesAreClearedAndRunningOnesKept() {
        plan.setPause(new TargetPause("ended", NOW.minusSeconds(1), null));
        plan.setPause(new TargetPause("ends-now", NOW, null));
        var running = new TargetPause("running", NOW.plusMillis(1), null);
        plan.setPause(running);

        assertThat(plan.clearExpiredPauses(NOW)).isEqualTo(2);

        assertThat(plan.pauses()).containsExactly(Map.entry("running", running));
        assertThat(plan.clearExpiredPauses(NOW)).isZero();
    }

    @Test
    void storedInstancesRejectAnUnknownSourceAndANegativeCooldown() {
        assertThatThrownBy(() -> new StoredInstance("x", "vote", null, true, "file", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'file'");
        assertThatThrownBy(() -> new StoredInstance("x", "vote", Duration.ofSeconds(-1), true, "api", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(List.of(ALPHA, BETA)).extracting(StoredInstance::source).containsExactly("config", "api");
    }

    private long createdAt(String id) {
        return db.read(c -> {
            try (var ps = c.prepareStatement("SELECT created_at FROM instances WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
