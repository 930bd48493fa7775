package io.cloudvoter.agent.history;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with the store's one connection while {@link Database} holds its lock. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
