package io.cloudvoter.agent.history;

import io.cloudvoter.model.api.RunRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Per-instance totals over the retained history, in two queries whatever the number of instances. */
final class RunCounters {
    private static final String TOTALS = """
            SELECT instance_id,
                   SUM(outcome <> 'RUNNING'),
                   SUM(outcome = 'SUCCESS'),
                   SUM(outcome IN ('FAILED', 'ERROR')),
                   SUM(outcome = 'RATE_LIMITED')
            FROM runs""";

    private RunCounters() {
    }

    static Map<String, InstanceCounters> all(Connection c) throws SQLException {
        var last = new HashMap<String, RunRecord>();
        try (var ps = c.prepareStatement("SELECT " + RunRows.COLUMNS
                + " FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY instance_id)")) {
            for (var run : RunRows.list(ps)) {
                last.put(run.instanceId(), run);
            }
        }
        var counters = new TreeMap<String, InstanceCounters>();
        try (var ps = c.prepareStatement(TOTALS + " GROUP BY instance_id"); var rs = ps.executeQuery()) {
            while (rs.next()) {
                var id = rs.getString(1);
                counters.put(id, new InstanceCounters(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), last.get(id)));
            }
        }
        return counters;
    }

    static InstanceCounters of(Connection c, String instanceId) throws SQLException {
        RunRecord last;
        try (var ps = c.prepareStatement("SELECT " + RunRows.COLUMNS
                + " FROM runs WHERE instance_id = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, instanceId);
            last = RunRows.list(ps).stream().findFirst().orElse(null);
        }
        if (last == null) {
            return InstanceCounters.NONE;
        }
        try (var ps = c.prepareStatement(TOTALS + " WHERE instance_id = ?")) {
            ps.setString(1, instanceId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return new InstanceCounters(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), last);
            }
        }
    }
}
