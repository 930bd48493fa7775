package io.cloudvoter.agent.history;

import io.cloudvoter.agent.files.FileErrors;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's SQLite file: one connection, used by one caller at a time.
 *
 * <p>One connection rather than a pool because SQLite has a single writer anyway, and a lock in
 * Java parks waiting callers instead of having them poll in SQLite's busy handler. The lock is a
 * {@link ReentrantLock}, not {@code synchronized}, so a virtual thread waiting for it on Java 21
 * gives its carrier back.
 */
public final class Database implements AutoCloseable {
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the database and brings its schema up to this build's version. */
    public static Database open(Path file) {
        return open(file, Migrations.current(), BUSY_TIMEOUT);
    }

    static Database open(Path file, Migrations migrations, Duration busyTimeout) {
        var path = file.toAbsolutePath();
        Connection connection;
        try {
            DatabaseFiles.prepare(path);
            connection = DriverManager.getConnection("jdbc:sqlite:" + path);
        } catch (IOException e) {
            throw new StoreException("could not open " + path + ": " + FileErrors.reason(e), e);
        } catch (SQLException e) {
            throw new StoreException("could not open " + path + ": " + e.getMessage(), e);
        }
        var db = new Database(path, connection);
        try {
            db.configure(busyTimeout);
            migrations.migrate(db);
            DatabaseFiles.restrictSidecars(path);
            return db;
        } catch (IOException | RuntimeException e) {
            db.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("could not open " + path + ": "
                    + (e instanceof IOException io ? FileErrors.reason(io) : e.getMessage()), e);
        }
    }

    /** Runs {@code work} outside any explicit transaction: each statement sees committed data. */
    public <T> T read(SqlWork<T> work) {
        return read("read", work);
    }

    /** Like {@link #read(SqlWork)}; {@code operation} ("list runs") goes into any error message. */
    public <T> T read(String operation, SqlWork<T> work) {
        return locked(operation, work);
    }

    /** Runs {@code work} in one transaction, committed on return and rolled back on any exception. */
    public <T> T write(SqlWork<T> work) {
        return write("write", work);
    }

    /**
     * Like {@link #write(SqlWork)}; {@code operation} goes into any error message. Unchecked
     * exceptions thrown by {@code work} come out unchanged after the rollback.
     */
    public <T> T write(String operation, SqlWork<T> work) {
        return locked(operation, c -> {
            // IMMEDIATE takes the write lock up front, so a transaction that reads before it
            // writes cannot fail half-way with SQLITE_BUSY when another process writes.
            execute(c, "BEGIN IMMEDIATE");
            try {
                T result = work.run(c);
                execute(c, "COMMIT");
                return result;
            } catch (Throwable e) {
                rollback(c, e);
                throw e;
            }
        });
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + file + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(String operation, SqlWork<T> work) {
        // Not lockInterruptibly: a run interrupted at shutdown must still be able to record that.
        lock.lock();
        try {
            if (closed) {
                throw new StoreException("could not " + operation + ": " + file + " is closed");
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("could not " + operation + " (" + file + "): " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void configure(Duration busyTimeout) {
        locked("open", c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                var mode = rs.next() ? rs.getString(1) : "unknown";
                if (!"wal".equalsIgnoreCase(mode)) {
                    LOG.log(System.Logger.Level.WARNING, file + " stays in journal mode " + mode
                            + " (WAL unavailable on this file system); runs are still durable, writers wait longer");
                }
            }
            // NORMAL in WAL mode survives a crash or kill of the agent; only a power cut may lose
            // the last commits, a fair price for not syncing the disk on every run.
            execute(c, "PRAGMA synchronous = NORMAL");
            execute(c, "PRAGMA busy_timeout = " + busyTimeout.toMillis());
            execute(c, "PRAGMA foreign_keys = ON");
            return null;
        });
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back by itself (e.g. on SQLITE_FULL).
            cause.addSuppressed(e);
        }
    }
}
