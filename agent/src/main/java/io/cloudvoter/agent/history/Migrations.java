package io.cloudvoter.agent.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema as an ordered list of {@link Migration} steps. The version a database has reached is
 * kept in SQLite's {@code PRAGMA user_version}, which lives in the file header and is part of the
 * same transaction as the step, so a step and its version number commit (or vanish) together.
 *
 * <p>To change the schema, append a step to {@link #STEPS}.
 */
public final class Migrations {
    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    private static final List<Migration> STEPS = List.of(
            Migration.sql(1, "runs, instances, target pauses, heartbeat",
                    // AUTOINCREMENT so ids of pruned runs are never handed out again: clients page
                    // by id and artifact files are named after runs.
                    """
                    CREATE TABLE runs (
                        id          INTEGER PRIMARY KEY AUTOINCREMENT,
                        instance_id TEXT    NOT NULL,
                        flow        TEXT    NOT NULL,
                        outcome     TEXT    NOT NULL,
                        started_at  INTEGER NOT NULL,
                        duration_ms INTEGER,
                        message     TEXT,
                        extracted   REAL,
                        artifact    TEXT
                    ) STRICT""",
                    "CREATE INDEX runs_by_instance ON runs (instance_id, id)",
                    "CREATE INDEX runs_by_start ON runs (started_at)",
                    "CREATE INDEX runs_by_outcome ON runs (outcome)",
                    """
                    CREATE TABLE instances (
                        id          TEXT    PRIMARY KEY,
                        flow        TEXT    NOT NULL,
                        cooldown_ms INTEGER,
                        enabled     INTEGER NOT NULL,
                        source      TEXT    NOT NULL,
                        next_run_at INTEGER,
                        created_at  INTEGER NOT NULL
                    ) STRICT""",
                    """
                    CREATE TABLE target_pauses (
                        target   TEXT    PRIMARY KEY,
                        until_ms INTEGER NOT NULL,
                        reason   TEXT
                    ) STRICT""",
                    // One row the health check rewrites to prove a commit goes through.
                    "CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), beat_at INTEGER NOT NULL) STRICT",
                    "INSERT INTO heartbeat (id, beat_at) VALUES (1, 0)"),
            Migration.sql(2, "resource guard actions",
                    // Each action with the readings that caused it, so an operator can see after a
                    // restart why the guard held runs, recycled the browser or stopped the agent.
                    """
                    CREATE TABLE guard_actions (
                        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                        at                 INTEGER NOT NULL,
                        level              TEXT    NOT NULL,
                        action             TEXT    NOT NULL,
                        reason             TEXT    NOT NULL,
                        available_memory   INTEGER,
                        agent_pss          INTEGER,
                        browser_pss        INTEGER,
                        cgroup_working_set INTEGER,
                        cgroup_memory_max  INTEGER,
                        cpu_percent        REAL
                    ) STRICT""",
                    "CREATE INDEX guard_actions_by_time ON guard_actions (at)"),
            Migration.sql(3, "alerts, their notification outbox and mutes",
                    // An alert row lives from open to resolved; the same key may open again later as a
                    // new row, so the history keeps every episode. At most one open row per key.
                    """
                    CREATE TABLE alerts (
                        id            INTEGER PRIMARY KEY AUTOINCREMENT,
                        key           TEXT    NOT NULL,
                        rule          TEXT    NOT NULL,
                        severity      TEXT    NOT NULL,
                        state         TEXT    NOT NULL,
                        message       TEXT,
                        instance_id   TEXT,
                        flow          TEXT,
                        opened_at     INTEGER NOT NULL,
                        updated_at    INTEGER NOT NULL,
                        resolved_at   INTEGER,
                        notified_at   INTEGER,
                        notifications INTEGER NOT NULL DEFAULT 0,
                        muted         TEXT
                    ) STRICT""",
                    "CREATE UNIQUE INDEX alerts_open_by_key ON alerts (key) WHERE state = 'OPEN'",
                    // The outbox: one row per notification and channel, written before any try, so a
                    // crash between an alert and its delivery loses nothing. The payload is stored
                    // as sent, so every try carries the same bytes and the same delivery id.
                    """
                    CREATE TABLE alert_deliveries (
                        id              INTEGER PRIMARY KEY AUTOINCREMENT,
                        delivery_id     TEXT    NOT NULL UNIQUE,
                        alert_key       TEXT    NOT NULL,
                        channel         TEXT    NOT NULL,
                        kind            TEXT    NOT NULL,
                        severity        TEXT    NOT NULL,
                        payload         TEXT    NOT NULL,
                        state           TEXT    NOT NULL,
                        attempts        INTEGER NOT NULL DEFAULT 0,
                        created_at      INTEGER NOT NULL,
                        next_attempt_at INTEGER NOT NULL,
                        expires_at      INTEGER NOT NULL,
                        delivered_at    INTEGER,
                        last_error      TEXT
                    ) STRICT""",
                    "CREATE INDEX alert_deliveries_due ON alert_deliveries (channel, state, next_attempt_at)",
                    """
                    CREATE TABLE alert_mutes (
                        id         INTEGER PRIMARY KEY AUTOINCREMENT,
                        scope      TEXT    NOT NULL,
                        until_ms   INTEGER NOT NULL,
                        created_at INTEGER NOT NULL
                    ) STRICT"""),
            Migration.sql(4, "retries, extracted texts and failure reasons of runs; instance variables",
                    // A retry is a run of its own: its attempt number and the first attempt's id.
                    "ALTER TABLE runs ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
                    "ALTER TABLE runs ADD COLUMN retry_of INTEGER",
                    // Every extract of the run by name, as JSON ({"votes":"18","title":"Thanks"}).
                    "ALTER TABLE runs ADD COLUMN extracted_values TEXT",
                    "ALTER TABLE runs ADD COLUMN reason TEXT",
                    // The instance's variables as JSON; its secrets never come here (a 0600 file each).
                    "ALTER TABLE instances ADD COLUMN vars TEXT"));

    private final List<Migration> steps;

    /** @throws IllegalArgumentException unless the versions run 1, 2, 3… without gaps */
    public Migrations(List<Migration> steps) {
        this.steps = List.copyOf(steps);
        for (int i = 0; i < this.steps.size(); i++) {
            if (this.steps.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration #" + (i + 1) + " has version "
                        + this.steps.get(i).version() + "; versions must run 1, 2, 3… without gaps");
            }
        }
    }

    /** The schema this build writes. */
    public static Migrations current() {
        return new Migrations(STEPS);
    }

    public List<Migration> steps() {
        return steps;
    }

    /** The version a database has once every step ran; 0 for an empty list. */
    public int latest() {
        return steps.size();
    }

    /** This list with {@code next} appended. */
    public Migrations then(Migration next) {
        var all = new ArrayList<>(steps);
        all.add(next);
        return new Migrations(all);
    }

    /** Applies the steps {@code db} has not seen yet, each in its own transaction; returns how many ran. */
    int migrate(Database db) {
        refuseNewer(db, db.read("read the schema version", Migrations::version));
        int applied = 0;
        for (var step : steps) {
            boolean ran = db.write("apply schema step " + step.version() + " (" + step.description() + ")", c -> {
                // Read again inside the transaction: another agent process may have migrated
                // the same file since we looked.
                int version = version(c);
                refuseNewer(db, version);
                if (version >= step.version()) {
                    return false;
                }
                step.change().apply(c);
                try (var st = c.createStatement()) {
                    st.execute("PRAGMA user_version = " + step.version());
                }
                return true;
            });
            if (ran) {
                applied++;
                LOG.log(System.Logger.Level.INFO, "{0}: schema now at version {1} ({2})",
                        db.file(), step.version(), step.description());
            }
        }
        return applied;
    }

    static int version(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private void refuseNewer(Database db, int version) {
        if (version > latest()) {
            throw new StoreException(db.file() + " has schema version " + version + ", but this agent knows only up to "
                    + latest() + ": it was written by a newer CloudVoter. Run that version again, or move the file"
                    + " aside to start an empty history. The file was left unchanged.");
        }
    }
}
