package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.io.Writer;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The run history. A run's row is written when it starts ({@code RUNNING}) and completed when it
 * ends, so a crash in between leaves a row that {@link #interruptLeftovers} closes at the next start.
 */
public final class RunStore {
    static final int MESSAGE_LIMIT = 2_000;

    private final Database db;
    private final Clock clock;

    public RunStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records a run as {@code RUNNING}; the returned record carries its id. */
    public RunRecord start(String instanceId, String flow, Instant startedAt) {
        return start(instanceId, flow, startedAt, 1, null);
    }

    /**
     * Records an attempt of a run as {@code RUNNING}.
     *
     * @param attempt 1 for a scheduled run, 2… for the flow's retries
     * @param retryOf the first attempt's id, for a retry
     */
    public RunRecord start(String instanceId, String flow, Instant startedAt, int attempt, Long retryOf) {
        requireText(instanceId, "instanceId");
        requireText(flow, "flow");
        long at = Objects.requireNonNull(startedAt, "startedAt").toEpochMilli();
        long id = db.write("start a run of " + instanceId, c -> {
            try (var ps = c.prepareStatement("INSERT INTO runs (instance_id, flow, outcome, started_at, attempt, retry_of)"
                    + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, instanceId);
                ps.setString(2, flow);
                ps.setString(3, Outcome.RUNNING.name());
                ps.setLong(4, at);
                ps.setInt(5, Math.max(1, attempt));
                ps.setObject(6, retryOf);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return new RunRecord(id, instanceId, flow, Outcome.RUNNING, Instant.ofEpochMilli(at), null, null, null, null,
                attempt, retryOf, Map.of(), null);
    }

    /**
     * Completes a {@code RUNNING} run.
     *
     * @param message kept up to {@value #MESSAGE_LIMIT} characters
     * @throws IllegalStateException  if the run already ended (e.g. it was marked {@code INTERRUPTED})
     * @throws NoSuchElementException if there is no run with that id
     */
    public RunRecord finish(long id, Outcome outcome, long durationMs, String message, Double extracted, String artifact) {
        return finish(id, outcome, durationMs, message, extracted, artifact, Map.of(), null);
    }

    /**
     * As {@link #finish(long, Outcome, long, String, Double, String)}, with every extract by name and a
     * reason word ({@code unreachable}, {@code expect}…; null when there is none).
     */
    public RunRecord finish(long id, Outcome outcome, long durationMs, String message, Double extracted, String artifact,
                            Map<String, String> values, String reason) {
        if (outcome == null || !outcome.isFinal()) {
            throw new IllegalArgumentException("run " + id + " must finish with a final outcome, not " + outcome);
        }
        return db.write("finish run " + id, c -> {
            try (var ps = c.prepareStatement("UPDATE runs SET outcome = ?, duration_ms = ?, message = ?, extracted = ?,"
                    + " artifact = ?, extracted_values = ?, reason = ? WHERE id = ? AND outcome = 'RUNNING'")) {
                ps.setString(1, outcome.name());
                // A wall-clock step can make a measured duration negative; the outcome matters more.
                ps.setLong(2, Math.max(0, durationMs));
                ps.setString(3, clip(message));
                if (extracted == null || extracted.isNaN()) {
                    ps.setNull(4, Types.REAL);
                } else {
                    ps.setDouble(4, extracted);
                }
                ps.setString(5, artifact);
                ps.setString(6, TextMaps.write(values, "extracted values"));
                ps.setString(7, reason);
                ps.setLong(8, id);
                int updated = ps.executeUpdate();
                var row = RunRows.find(c, id).orElseThrow(() -> new NoSuchElementException("there is no run " + id));
                if (updated == 0) {
                    throw new IllegalStateException("run " + id + " is already " + row.outcome()
                            + "; only a RUNNING run can be finished");
                }
                return row;
            }
        });
    }

    /** Marks every {@code RUNNING} run {@code INTERRUPTED}, with the time it ran so far; returns how many. */
    public int interruptLeftovers(String message) {
        long now = clock.millis();
        return db.write("mark unfinished runs interrupted", c -> {
            try (var ps = c.prepareStatement("UPDATE runs SET outcome = ?, message = ?, duration_ms = MAX(0, ? - started_at)"
                    + " WHERE outcome = 'RUNNING'")) {
                ps.setString(1, Outcome.INTERRUPTED.name());
                ps.setString(2, clip(message));
                ps.setLong(3, now);
                return ps.executeUpdate();
            }
        });
    }

    public Optional<RunRecord> find(long id) {
        return db.read("find run " + id, c -> RunRows.find(c, id));
    }

    /** Newest first; at most {@value RunQuery#MAX_PAGE} rows. */
    public List<RunRecord> query(RunQuery q) {
        return db.read("list runs", c -> RunRows.page(c, q, q.limitUpTo(RunQuery.MAX_PAGE)));
    }

    /**
     * Writes the runs {@code q} selects as CSV, up to {@value RunQuery#MAX_EXPORT} rows, a page at a
     * time, so neither the memory nor the store's lock is held for the whole export.
     *
     * @throws java.io.UncheckedIOException if {@code out} fails (usually: the client went away)
     */
    public void writeCsv(RunQuery q, Writer out) {
        new RunCsv(this::queryPage).write(q, q.limitUpTo(RunQuery.MAX_EXPORT), out);
    }

    /** Counters of every instance that has runs in the retained history. */
    public Map<String, InstanceCounters> counters() {
        return db.read("count runs", RunCounters::all);
    }

    /** Counters of one instance; {@link InstanceCounters#NONE} if it has no runs. */
    public InstanceCounters counters(String instanceId) {
        return db.read("count runs of " + instanceId, c -> RunCounters.of(c, instanceId));
    }

    /**
     * Deletes finished runs that started before {@code olderThan}, then the oldest finished runs
     * beyond the newest {@code keepAtMost} rows. {@code RUNNING} rows always stay.
     */
    public Retention prune(Instant olderThan, long keepAtMost) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (keepAtMost < 0) {
            throw new IllegalArgumentException("keepAtMost must be 0 or more, got " + keepAtMost);
        }
        return db.write("prune the run history", c -> RunPruning.prune(c, olderThan.toEpochMilli(), keepAtMost));
    }

    /**
     * Commits a one-row update, for the health check. Waits for the store's lock and, if another
     * process holds SQLite's write lock, up to the busy timeout (5 s).
     *
     * @throws StoreException saying why the store cannot take writes now
     */
    public void probeWrite() {
        long now = clock.millis();
        db.write("probe that the store takes writes", c -> {
            try (var ps = c.prepareStatement("UPDATE heartbeat SET beat_at = ? WHERE id = 1")) {
                ps.setLong(1, now);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("the heartbeat row is missing");
                }
            }
            return null;
        });
    }

    private List<RunRecord> queryPage(RunQuery q, int limit) {
        return db.read("export runs", c -> RunRows.page(c, q, limit));
    }

    static String clip(String message) {
        if (message == null || message.length() <= MESSAGE_LIMIT) {
            return message;
        }
        int end = MESSAGE_LIMIT - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + "…";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
