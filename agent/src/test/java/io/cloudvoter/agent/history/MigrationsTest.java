package io.cloudvoter.agent.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cloudvoter.model.api.Outcome.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {
    /** What a later issue would append: a table for the resource guard's actions. */
    /** The schema this build writes, and a step a later build might append to it. */
    static final int LATEST = Migrations.current().latest();
    static final Migration NEXT = Migration.sql(LATEST + 1, "extra things",
            "CREATE TABLE extra_things (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, what TEXT NOT NULL) STRICT",
            "CREATE INDEX extra_things_by_time ON extra_things (at)");

    @TempDir
    Path dir;

    @Test
    void aFreshDatabaseGetsTheLatestSchema() {
        try (var db = Database.open(file())) {
            assertThat(version(db)).isEqualTo(Migrations.current().latest()).isPositive();
            assertThat(tables(db)).contains("runs", "instances", "target_pauses", "heartbeat", "guard_actions");
        }
    }

    @Test
    void reopeningDoesNotApplyAStepAgain() {
        var applied = new AtomicInteger();
        var counted = Migrations.current().then(new Migration(LATEST + 1, "counted", c -> applied.incrementAndGet()));

        open(counted).close();
        open(counted).close();
        open(counted).close();

        assertThat(applied).hasValue(1);
    }

    @Test
    void appendingAStepUpgradesAnExistingDatabaseAndKeepsItsRows() {
        long id;
        try (var db = Database.open(file())) {
            var store = new RunStore(db, Clock.systemUTC());
            id = store.start("alpha", "vote", Instant.parse("2025-03-01T10:00:00Z")).id();
            store.finish(id, SUCCESS, 1_500, "ok", 3.0, null);
        }

        try (var db = open(Migrations.current().then(NEXT))) {
            assertThat(version(db)).isEqualTo(LATEST + 1);
            assertThat(tables(db)).contains("extra_things", "runs");
            assertThat(new RunStore(db, Clock.systemUTC()).find(id).orElseThrow())
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(SUCCESS))
                    .satisfies(r -> assertThat(r.message()).isEqualTo("ok"));
        }
    }

    @Test
    void aDatabaseFromANewerBuildIsRefusedAndLeftIntact() {
        try (var db = open(Migrations.current().then(NEXT))) {
            new RunStore(db, Clock.systemUTC()).start("alpha", "vote", Instant.now());
        }

        assertThatThrownBy(() -> Database.open(file()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("schema version " + (LATEST + 1))
                .hasMessageContaining("knows only up to " + LATEST)
                .hasMessageContaining("newer CloudVoter");

        try (var db = open(Migrations.current().then(NEXT))) {
            assertThat(version(db)).isEqualTo(LATEST + 1);
            assertThat(DatabaseTest.count(db, "runs")).isEqualTo(1);
        }
    }

    @Test
    void aFailingStepIsRolledBackWhole() {
        Database.open(file()).close();
        var broken = Migrations.current().then(new Migration(LATEST + 1, "half a table", c -> {
            c.createStatement().execute("CREATE TABLE extra_things (id INTEGER PRIMARY KEY)");
            throw new SQLException("disk said no");
        }));

        assertThatThrownBy(() -> open(broken))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema step " + (LATEST + 1) + " (half a table)")
                .hasMessageContaining("disk said no");

        try (var db = Database.open(file())) {
            assertThat(version(db)).isEqualTo(LATEST);
            assertThat(tables(db)).doesNotContain("extra_things");
        }
    }

    @Test
    void stepsMustBeNumberedWithoutGaps() {
        var first = Migrations.current().steps().getFirst();

        var two = Migration.sql(2, "two", "SELECT 1");

        assertThatThrownBy(() -> new Migrations(List.of(first, two, new Migration(4, "four", c -> { }))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 4");
        assertThatThrownBy(() -> new Migrations(List.of(two)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Path file() {
        return dir.resolve("runs.db");
    }

    private Database open(Migrations migrations) {
        return Database.open(file(), migrations, Database.BUSY_TIMEOUT);
    }

    static int version(Database db) {
        return db.read(Migrations::version);
    }

    static List<String> tables(Database db) {
        return db.read(c -> {
            var names = new ArrayList<String>();
            try (var rs = c.createStatement().executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }
}
