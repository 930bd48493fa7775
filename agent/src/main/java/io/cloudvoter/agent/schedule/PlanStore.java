package io.cloudvoter.agent.schedule;

import io.cloudvoter.agent.history.Database;
import io.cloudvoter.agent.history.TextMaps;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The scheduler's plan (instances, next run times, target pauses), kept so a restart resumes it. */
public final class PlanStore {
    private final Database db;
    private final Clock clock;

    public PlanStore(Database db) {
        this(db, Clock.systemUTC());
    }

    /** @param clock stamps {@code created_at} of new instances */
    public PlanStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every stored instance, ordered by id. */
    public List<StoredInstance> instances() {
        return db.read("list stored instances", c -> {
            var list = new ArrayList<StoredInstance>();
            try (var ps = c.prepareStatement(
                    "SELECT id, flow, cooldown_ms, enabled, source, next_run_at, vars FROM instances ORDER BY id");
                 var rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(instance(rs));
                }
            }
            return list;
        });
    }

    /** Inserts or replaces the instance; the time it was first stored is kept. */
    public void upsert(StoredInstance instance) {
        long now = clock.millis();
        db.write("store instance " + instance.id(), c -> {
            try (var ps = c.prepareStatement("""
                    INSERT INTO instances (id, flow, cooldown_ms, enabled, source, next_run_at, created_at, vars)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET flow = excluded.flow, cooldown_ms = excluded.cooldown_ms,
                        enabled = excluded.enabled, source = excluded.source, next_run_at = excluded.next_run_at,
                        vars = excluded.vars""")) {
                ps.setString(1, instance.id());
                ps.setString(2, instance.flow());
                setMillis(ps, 3, instance.cooldown() == null ? null : instance.cooldown().toMillis());
                ps.setInt(4, instance.enabled() ? 1 : 0);
                ps.setString(5, instance.source());
                setMillis(ps, 6, instance.nextRunAt() == null ? null : instance.nextRunAt().toEpochMilli());
                ps.setLong(7, now);
                ps.setString(8, TextMaps.write(instance.vars(), "variables"));
                return ps.executeUpdate();
            }
        });
    }

    /** @return false if there was no such instance */
    public boolean delete(String id) {
        return update("delete instance " + id, "DELETE FROM instances WHERE id = ?", id) > 0;
    }

    /**
     * @param next null: not planned
     * @return false if there is no such instance (it may have been removed while its run finished)
     */
    public boolean setNextRun(String id, Instant next) {
        return update("plan the next run of " + id, "UPDATE instances SET next_run_at = ? WHERE id = ?",
                next == null ? null : next.toEpochMilli(), id) > 0;
    }

    /** @return false if there is no such instance */
    public boolean setEnabled(String id, boolean enabled) {
        return update((enabled ? "enable " : "disable ") + id, "UPDATE instances SET enabled = ? WHERE id = ?",
                enabled ? 1L : 0L, id) > 0;
    }

    /** The current pauses by target, expired ones included until {@link #clearExpiredPauses} runs. */
    public Map<String, TargetPause> pauses() {
        return db.read("list target pauses", c -> {
            var map = new LinkedHashMap<String, TargetPause>();
            try (var ps = c.prepareStatement("SELECT target, until_ms, reason FROM target_pauses ORDER BY target");
                 var rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.put(rs.getString(1), new TargetPause(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
                }
            }
            return map;
        });
    }

    /** Stores the pause, replacing any earlier one for the same target. */
    public void setPause(TargetPause pause) {
        update("pause " + pause.target(), """
                INSERT INTO target_pauses (target, until_ms, reason) VALUES (?, ?, ?)
                ON CONFLICT (target) DO UPDATE SET until_ms = excluded.until_ms, reason = excluded.reason""",
                pause.target(), pause.until().toEpochMilli(), pause.reason());
    }

    public void clearPause(String target) {
        update("clear the pause of " + target, "DELETE FROM target_pauses WHERE target = ?", target);
    }

    /** Removes pauses whose end is at or before {@code now}; returns how many. */
    public int clearExpiredPauses(Instant now) {
        return update("clear expired pauses", "DELETE FROM target_pauses WHERE until_ms <= ?", now.toEpochMilli());
    }

    private int update(String operation, String sql, Object... args) {
        return db.write(operation, c -> {
            try (var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    private static StoredInstance instance(ResultSet rs) throws SQLException {
        long cooldown = rs.getLong("cooldown_ms");
        Duration cooldownOrNull = rs.wasNull() ? null : Duration.ofMillis(cooldown);
        long next = rs.getLong("next_run_at");
        Instant nextOrNull = rs.wasNull() ? null : Instant.ofEpochMilli(next);
        return new StoredInstance(rs.getString("id"), rs.getString("flow"), cooldownOrNull,
                rs.getInt("enabled") != 0, rs.getString("source"), nextOrNull, TextMaps.read(rs.getString("vars")));
    }

    private static void setMillis(PreparedStatement ps, int index, Long millis) throws SQLException {
        if (millis == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, millis);
        }
    }
}
