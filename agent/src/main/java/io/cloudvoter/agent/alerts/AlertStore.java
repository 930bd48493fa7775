package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.history.Database;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertSeverity;
import io.cloudvoter.model.api.AlertState;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code alerts} table: every alert from open to resolved, the open ones reloaded at start. */
final class AlertStore {
    static final int MESSAGE_LIMIT = 1_000;
    private static final String COLUMNS = "id, key, rule, severity, state, message, instance_id, flow, opened_at,"
            + " updated_at, resolved_at, notified_at, notifications, muted";

    private final Database db;

    AlertStore(Database db) {
        this.db = db;
    }

    List<Alert> open() {
        return db.read("read open alerts", c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE state = 'OPEN' ORDER BY id")) {
                return list(ps);
            }
        });
    }

    /** Newest first; {@code openOnly} leaves the resolved ones out. */
    List<Alert> list(boolean openOnly, int limit) {
        return db.read("list alerts", c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts"
                    + (openOnly ? " WHERE state = 'OPEN'" : "") + " ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                return list(ps);
            }
        });
    }

    /** Writes a new alert; the answer carries its id. */
    Alert insert(Alert a) {
        long id = db.write("record alert " + a.key(), c -> {
            try (var ps = c.prepareStatement("INSERT INTO alerts (key, rule, severity, state, message, instance_id, flow,"
                    + " opened_at, updated_at, resolved_at, notified_at, notifications, muted)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, a.key());
                ps.setString(2, a.rule());
                bind(ps, 3, a);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return Alerts.withId(a, id);
    }

    void update(Alert a) {
        db.write("update alert " + a.key(), c -> {
            try (var ps = c.prepareStatement("UPDATE alerts SET severity = ?, state = ?, message = ?, instance_id = ?,"
                    + " flow = ?, opened_at = ?, updated_at = ?, resolved_at = ?, notified_at = ?, notifications = ?,"
                    + " muted = ? WHERE id = ?")) {
                bind(ps, 1, a);
                ps.setLong(12, a.id());
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets resolved alerts older than {@code before}; open ones always stay. */
    int prune(Instant before) {
        return db.write("prune resolved alerts", c -> {
            try (var ps = c.prepareStatement("DELETE FROM alerts WHERE state = 'RESOLVED' AND resolved_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /** Binds severity … muted (eleven columns) from {@code first} on. */
    private static void bind(PreparedStatement ps, int first, Alert a) throws SQLException {
        ps.setString(first, a.severity().name());
        ps.setString(first + 1, a.state().name());
        ps.setString(first + 2, Sql.clip(a.message(), MESSAGE_LIMIT));
        ps.setString(first + 3, a.instanceId());
        ps.setString(first + 4, a.flow());
        Sql.instant(ps, first + 5, a.openedAt());
        Sql.instant(ps, first + 6, a.updatedAt());
        Sql.instant(ps, first + 7, a.resolvedAt());
        Sql.instant(ps, first + 8, a.notifiedAt());
        ps.setInt(first + 9, a.notifications());
        ps.setString(first + 10, a.muted());
    }

    private static List<Alert> list(PreparedStatement ps) throws SQLException {
        var rows = new ArrayList<Alert>();
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(read(rs));
            }
        }
        return rows;
    }

    private static Alert read(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong("id"), rs.getString("key"), rs.getString("rule"),
                AlertSeverity.valueOf(rs.getString("severity")), AlertState.valueOf(rs.getString("state")),
                rs.getString("message"), rs.getString("instance_id"), rs.getString("flow"),
                Sql.instant(rs, "opened_at"), Sql.instant(rs, "updated_at"), Sql.instant(rs, "resolved_at"),
                Sql.instant(rs, "notified_at"), rs.getInt("notifications"), rs.getString("muted"));
    }
}
