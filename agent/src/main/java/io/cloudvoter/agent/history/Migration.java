package io.cloudvoter.agent.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * One step of the schema's history. Released steps are never edited: a database that already
 * ran a step will not run it again, so a change goes into a new step.
 *
 * @param version     1 for the first step, then one more for each step
 * @param description what the step adds, for the log line an operator sees on upgrade
 */
public record Migration(int version, String description, Change change) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be 1 or more, got " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(change, "change");
    }

    /** A step made only of SQL statements, run in order. */
    public static Migration sql(int version, String description, String... statements) {
        var sql = List.of(statements);
        return new Migration(version, description, c -> {
            try (var st = c.createStatement()) {
                for (var statement : sql) {
                    st.execute(statement);
                }
            }
        });
    }

    @FunctionalInterface
    public interface Change {
        /** Runs inside the step's transaction; throwing rolls the whole step back. */
        void apply(Connection connection) throws SQLException;
    }
}
