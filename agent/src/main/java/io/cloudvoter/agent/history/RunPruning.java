package io.cloudvoter.agent.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Retention: deletes old finished runs and reports their artifact files. */
final class RunPruning {
    private RunPruning() {
    }

    static Retention prune(Connection c, long olderThanMs, long keepAtMost) throws SQLException {
        var artifacts = new ArrayList<String>();
        int deleted = delete(c, "started_at < ?", olderThanMs, artifacts);
        // By id rather than started_at: ids follow insertion order and the primary key answers
        // "the (keepAtMost+1)-th newest" without a sort.
        try (var ps = c.prepareStatement("SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            ps.setLong(1, keepAtMost);
            try (var rs = ps.executeQuery()) {
                if (rs.next()) {
                    deleted += delete(c, "id <= ?", rs.getLong(1), artifacts);
                }
            }
        }
        return new Retention(deleted, artifacts);
    }

    private static int delete(Connection c, String condition, long value, List<String> artifacts) throws SQLException {
        int deleted = 0;
        try (var ps = c.prepareStatement("DELETE FROM runs WHERE " + condition + " AND outcome <> 'RUNNING' RETURNING artifact")) {
            ps.setLong(1, value);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    deleted++;
                    var artifact = rs.getString(1);
                    if (artifact != null) {
                        artifacts.add(artifact);
                    }
                }
            }
        }
        return deleted;
    }
}
