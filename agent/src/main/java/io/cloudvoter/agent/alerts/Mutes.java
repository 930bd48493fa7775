package io.cloudvoter.agent.alerts;

import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.StoreException;
import io.cloudvoter.model.api.Alert;
import io.cloudvoter.model.api.AlertMute;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mutes set through the API (kept in {@code alert_mutes} until they end) and the maintenance
 * windows from the config. An alert a mute covers is recorded, and its notifications are recorded
 * as muted instead of being sent.
 */
final class Mutes {
    static final Duration LONGEST = Duration.ofDays(366);

    private final Database db;
    private final List<MaintenanceWindow> windows;
    private final Clock clock;

    Mutes(Database db, List<MaintenanceWindow> windows, Clock clock) {
        this.db = db;
        this.windows = windows;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException when {@code until} is not ahead or more than a year ahead */
    AlertMute add(Scope scope, Instant until) {
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now)) {
            throw new IllegalArgumentException("until: " + until + " is not in the future (the agent's time is " + now + ")");
        }
        if (until.isAfter(now.plus(LONGEST))) {
            throw new IllegalArgumentException("until: " + until + " is more than a year ahead");
        }
        long id = db.write("store a mute", c -> {
            try (var ps = c.prepareStatement("INSERT INTO alert_mutes (scope, until_ms, created_at) VALUES (?, ?, ?) RETURNING id")) {
                ps.setString(1, scope.toString());
                ps.setLong(2, until.toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return new AlertMute(id, scope.toString(), until, now, "api");
    }

    boolean remove(long id) {
        return db.write("lift mute " + id, c -> {
            try (var ps = c.prepareStatement("DELETE FROM alert_mutes WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The mutes in force at {@code now}: API mutes first, then maintenance windows (id 0). */
    List<AlertMute> active(Instant now) {
        var all = new ArrayList<>(stored(now));
        for (var w : windows) {
            w.endIfActive(now).ifPresent(end -> all.add(new AlertMute(0, w.scope().toString(), end, null, "maintenance")));
        }
        return all;
    }

    /** Why a notification about {@code alert} must not be sent now, if a mute covers it. */
    Optional<String> reason(Alert alert, Instant now) {
        List<AlertMute> stored;
        try {
            stored = stored(now);
        } catch (StoreException e) {
            // The store failing is itself an alert: better sent than held back by a mute we cannot read.
            stored = List.of();
        }
        for (var m : stored) {
            if (Scope.parse(m.scope()).covers(alert)) {
                return Optional.of("muted until " + m.until() + " (scope " + m.scope() + ")");
            }
        }
        for (var w : windows) {
            var end = w.endIfActive(now);
            if (end.isPresent() && w.scope().covers(alert)) {
                return Optional.of("maintenance window " + w + " until " + end.get());
            }
        }
        return Optional.empty();
    }

    /** Forgets mutes that ended. */
    int prune(Instant now) {
        return db.write("prune mutes", c -> {
            try (var ps = c.prepareStatement("DELETE FROM alert_mutes WHERE until_ms <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private List<AlertMute> stored(Instant now) {
        return db.read("read mutes", c -> {
            try (var ps = c.prepareStatement("SELECT id, scope, until_ms, created_at FROM alert_mutes WHERE until_ms > ? ORDER BY id")) {
                ps.setLong(1, now.toEpochMilli());
                var list = new ArrayList<AlertMute>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new AlertMute(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                                Instant.ofEpochMilli(rs.getLong(4)), "api"));
                    }
                }
                return list;
            }
        });
    }
}
