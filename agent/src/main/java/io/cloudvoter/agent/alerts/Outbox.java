package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.history.Database;
import io.cloudvoter.model.api.AlertDelivery;
import io.cloudvoter.model.api.AlertSeverity;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alert_deliveries} table: every notification is written here before any try, and each
 * try's result after it, so what a crash interrupts is tried again after the next start.
 */
final class Outbox {
    static final int ERROR_LIMIT = 500;
    private static final String COLUMNS = "id, delivery_id, alert_key, channel, kind, severity, payload, state, attempts,"
            + " created_at, next_attempt_at, expires_at, delivered_at, last_error";

    private final Database db;

    Outbox(Database db) {
        this.db = db;
    }

    Delivery add(Delivery d) {
        long id = db.write("queue notification " + d.delivery(), c -> {
            try (var ps = c.prepareStatement("INSERT INTO alert_deliveries (delivery_id, alert_key, channel, kind, severity,"
                    + " payload, state, attempts, created_at, next_attempt_at, expires_at, delivered_at, last_error)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, d.delivery());
                ps.setString(2, d.alertKey());
                ps.setString(3, d.channel());
                ps.setString(4, d.kind().name());
                ps.setString(5, d.severity().name());
                ps.setString(6, d.payload());
                ps.setString(7, d.state().name());
                ps.setInt(8, d.attempts());
                Sql.instant(ps, 9, d.createdAt());
                Sql.instant(ps, 10, d.nextAttemptAt());
                Sql.instant(ps, 11, d.expiresAt());
                Sql.instant(ps, 12, d.deliveredAt());
                ps.setString(13, Sql.clip(d.lastError(), ERROR_LIMIT));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return d.withId(id);
    }

    /** Pending deliveries of {@code channel} whose next try is due, oldest first. */
    List<Delivery> due(String channel, Instant now, int limit) {
        return db.read("read due notifications", c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert_deliveries WHERE channel = ? AND state = 'PENDING'"
                    + " AND next_attempt_at <= ? ORDER BY id LIMIT ?")) {
                ps.setString(1, channel);
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, limit);
                return list(ps);
            }
        });
    }

    /** When the next pending delivery of {@code channel} is due, if it has any. */
    Optional<Instant> nextDue(String channel) {
        return db.read("read the next notification due", c -> {
            try (var ps = c.prepareStatement("SELECT MIN(next_attempt_at) FROM alert_deliveries WHERE channel = ?"
                    + " AND state = 'PENDING'")) {
                ps.setString(1, channel);
                try (var rs = ps.executeQuery()) {
                    long ms = rs.next() ? rs.getLong(1) : 0;
                    return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(ms));
                }
            }
        });
    }

    /** Stores the outcome of a try: its new state, count, next time and error. */
    void record(Delivery d) {
        db.write("record a notification try", c -> {
            try (var ps = c.prepareStatement("UPDATE alert_deliveries SET state = ?, attempts = ?, next_attempt_at = ?,"
                    + " delivered_at = ?, last_error = ? WHERE id = ?")) {
                ps.setString(1, d.state().name());
                ps.setInt(2, d.attempts());
                Sql.instant(ps, 3, d.nextAttemptAt());
                Sql.instant(ps, 4, d.deliveredAt());
                ps.setString(5, Sql.clip(d.lastError(), ERROR_LIMIT));
                ps.setLong(6, d.id());
                return ps.executeUpdate();
            }
        });
    }

    /** Newest first, optionally of one channel and in one state. */
    List<AlertDelivery> list(String channel, String state, int limit) {
        return db.read("list notifications", c -> {
            var where = new ArrayList<String>();
            if (channel != null) {
                where.add("channel = ?");
            }
            if (state != null) {
                where.add("state = ?");
            }
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert_deliveries"
                    + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY id DESC LIMIT ?")) {
                int i = 1;
                if (channel != null) {
                    ps.setString(i++, channel);
                }
                if (state != null) {
                    ps.setString(i++, state);
                }
                ps.setInt(i, limit);
                return list(ps).stream().map(Delivery::view).toList();
            }
        });
    }

    /** How many deliveries each channel has in {@code state}. */
    Map<String, Long> count(Delivery.State state) {
        return db.read("count notifications", c -> {
            try (var ps = c.prepareStatement("SELECT channel, COUNT(*) FROM alert_deliveries WHERE state = ? GROUP BY channel")) {
                ps.setString(1, state.name());
                var counts = new HashMap<String, Long>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    /** Gives up the pending deliveries of channels that are no longer configured; returns how many. */
    int abandonUnknown(Set<String> channels) {
        return db.write("drop notifications of removed channels", c -> {
            var placeholders = String.join(", ", java.util.Collections.nCopies(Math.max(1, channels.size()), "?"));
            try (var ps = c.prepareStatement("UPDATE alert_deliveries SET state = 'EXPIRED', last_error = 'channel '"
                    + " || channel || ' is no longer configured' WHERE state = 'PENDING' AND channel NOT IN (" + placeholders + ")")) {
                int i = 1;
                for (var name : channels) {
                    ps.setString(i++, name);
                }
                if (channels.isEmpty()) {
                    ps.setString(1, "");
                }
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets finished deliveries (delivered, expired, muted) created before {@code before}. */
    int prune(Instant before) {
        return db.write("prune notifications", c -> {
            try (var ps = c.prepareStatement("DELETE FROM alert_deliveries WHERE state <> 'PENDING' AND created_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private static List<Delivery> list(PreparedStatement ps) throws SQLException {
        var rows = new ArrayList<Delivery>();
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(read(rs));
            }
        }
        return rows;
    }

    private static Delivery read(ResultSet rs) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("delivery_id"), rs.getString("alert_key"), rs.getString("channel"),
                Delivery.Kind.valueOf(rs.getString("kind")), AlertSeverity.valueOf(rs.getString("severity")),
                rs.getString("payload"), Delivery.State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "next_attempt_at"), Sql.instant(rs, "expires_at"),
                Sql.instant(rs, "delivered_at"), rs.getString("last_error"));
    }
}
