package io.cloudvoter.agent.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void databaseAndItsWalFilesAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        var file = dir.resolve("runs.db");
        try (var db = Database.open(file)) {
            new RunStore(db, Clock.systemUTC()).probeWrite();
            for (var f : new Path[] {file, Path.of(file + "-wal"), Path.of(file + "-shm")}) {
                assertThat(f).exists();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anExistingDatabaseWithLooserModeIsTightened() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        var file = dir.resolve("runs.db");
        Database.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Database.open(file).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void missingParentDirectoriesAreCreated() {
        var file = dir.resolve("data/agent/runs.db");

        try (var db = Database.open(file)) {
            assertThat(db.file()).isEqualTo(file.toAbsolutePath());
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void connectionRunsInWalModeWithForeignKeys() {
        try (var db = Database.open(dir.resolve("runs.db"))) {
            assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(db, "synchronous")).isEqualTo("1");
            assertThat(pragma(db, "busy_timeout")).isEqualTo("5000");
        }
    }

    @Test
    void writeRollsBackAndRethrowsWhenWorkFails() {
        try (var db = Database.open(dir.resolve("runs.db"))) {
            var failure = new IllegalStateException("half-way");

            assertThatThrownBy(() -> db.write(c -> {
                c.createStatement().execute("INSERT INTO target_pauses (target, until_ms) VALUES ('t', 1)");
                throw failure;
            })).isSameAs(failure);

            assertThat(count(db, "target_pauses")).isZero();
        }
    }

    @Test
    void sqlErrorsNameTheOperationAndTheFile() {
        try (var db = Database.open(dir.resolve("runs.db"))) {
            assertThatThrownBy(() -> db.read("count widgets", c -> count(c.createStatement().executeQuery("SELECT COUNT(*) FROM widgets"))))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("count widgets")
                    .hasMessageContaining(db.file().toString())
                    .hasMessageContaining("no such table: widgets")
                    .hasCauseInstanceOf(SQLException.class);
        }
    }

    @Test
    void aClosedDatabaseRefusesWork() {
        var db = Database.open(dir.resolve("runs.db"));
        db.close();
        db.close();

        assertThatThrownBy(() -> db.read("list runs", c -> 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("list runs")
                .hasMessageContaining("closed");
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws Exception {
        var file = dir.resolve("runs.db");
        var text = "these are my notes, not a database; please keep them\n".repeat(100);
        Files.writeString(file, text);

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a database");
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    static String pragma(Database db, String name) {
        return db.read(c -> {
            try (var rs = c.createStatement().executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    static long count(Database db, String table) {
        return db.read(c -> count(c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)));
    }

    private static long count(ResultSet rs) throws SQLException {
        try (rs) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
