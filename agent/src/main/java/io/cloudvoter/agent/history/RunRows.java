package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.Outcome;
import io.cloudvoter.model.api.RunRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code runs} rows into {@link RunRecord}s. */
final class RunRows {
    static final String COLUMNS = "id, instance_id, flow, outcome, started_at, duration_ms, message, extracted, artifact,"
            + " attempt, retry_of, extracted_values, reason";

    private RunRows() {
    }

    static Optional<RunRecord> find(Connection c, long id) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE id = ?")) {
            ps.setLong(1, id);
            var rows = list(ps);
            return rows.stream().findFirst();
        }
    }

    /** One page of {@code q}, newest first, at most {@code limit} rows. */
    static List<RunRecord> page(Connection c, RunQuery q, int limit) throws SQLException {
        var where = new ArrayList<String>();
        var args = new ArrayList<Object>();
        if (q.instanceId() != null) {
            where.add("instance_id = ?");
            args.add(q.instanceId());
        }
        if (q.outcome() != null) {
            where.add("outcome = ?");
            args.add(q.outcome().name());
        }
        if (q.since() != null) {
            where.add("started_at >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.beforeId() != null) {
            where.add("id < ?");
            args.add(q.beforeId());
        }
        var sql = "SELECT " + COLUMNS + " FROM runs"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT ?";
        args.add(limit);
        try (var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return list(ps);
        }
    }

    static List<RunRecord> list(PreparedStatement ps) throws SQLException {
        var rows = new ArrayList<RunRecord>();
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(read(rs));
            }
        }
        return rows;
    }

    static RunRecord read(ResultSet rs) throws SQLException {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        double value = rs.getDouble("extracted");
        Double extracted = rs.wasNull() ? null : value;
        return new RunRecord(
                rs.getLong("id"),
                rs.getString("instance_id"),
                rs.getString("flow"),
                Outcome.valueOf(rs.getString("outcome")),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                durationMs,
                rs.getString("message"),
                extracted,
                rs.getString("artifact"),
                rs.getInt("attempt"),
                retryOf(rs),
                TextMaps.read(rs.getString("extracted_values")),
                rs.getString("reason"));
    }

    private static Long retryOf(ResultSet rs) throws SQLException {
        long id = rs.getLong("retry_of");
        return rs.wasNull() ? null : id;
    }
}
