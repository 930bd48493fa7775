package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.history.Database;
import io.cloudvoter.model.api.GuardAction;
import io.cloudvoter.model.api.ResourceSample;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every guard action, stored with the readings behind it (table {@code guard_actions}), so it
 * survives the restart a critical action causes. Only the newest {@value #KEEP} are kept.
 */
public final class GuardActions {
    static final int KEEP = 10_000;

    private final Database db;

    public GuardActions(Database db) {
        this.db = db;
    }

    public void record(GuardAction action, ResourceSample s) {
        db.write("record a guard action", c -> {
            try (var ps = c.prepareStatement("INSERT INTO guard_actions (at, level, action, reason, available_memory,"
                    + " agent_pss, browser_pss, cgroup_working_set, cgroup_memory_max, cpu_percent)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, action.time().toEpochMilli());
                ps.setString(2, action.level());
                ps.setString(3, action.action());
                ps.setString(4, action.reason());
                setLong(ps, 5, s == null ? null : Metric.AVAILABLE_MEMORY.value(s));
                setLong(ps, 6, s == null ? null : s.agentPss());
                setLong(ps, 7, s == null ? null : s.browserPss());
                setLong(ps, 8, s == null ? null : s.cgroupWorkingSet());
                setLong(ps, 9, s == null ? null : s.cgroupMemoryMax());
                Double cpu = s == null ? null : Metric.CPU.value(s);
                if (cpu == null) {
                    ps.setNull(10, Types.REAL);
                } else {
                    ps.setDouble(10, cpu);
                }
                ps.executeUpdate();
            }
            try (var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM guard_actions WHERE id <= (SELECT max(id) FROM guard_actions) - " + KEEP);
            }
            return null;
        });
    }

    /** The newest {@code limit} actions, oldest first. */
    public List<GuardAction> recent(int limit) {
        return db.read("list guard actions", c -> {
            var list = new ArrayList<GuardAction>();
            try (var ps = c.prepareStatement("SELECT at, level, action, reason FROM guard_actions ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new GuardAction(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return list.reversed();
        });
    }

    private static void setLong(java.sql.PreparedStatement ps, int i, Number v) throws java.sql.SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, Math.round(v.doubleValue()));
        }
    }
}
