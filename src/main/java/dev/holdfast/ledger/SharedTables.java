package dev.holdfast.ledger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the tables of a database that several nodes share. Nodes started together on an empty database
 * create the same tables at once, and {@code CREATE TABLE IF NOT EXISTS} does not make that safe: the slower
 * one fails (PostgreSQL: a duplicate key in {@code pg_type}; H2: "object already exists") on a table that is
 * there by then. Another pass finds it and goes on; every statement must be idempotent ({@code IF NOT EXISTS}).
 */
public final class SharedTables {

    private static final int ATTEMPTS = 5;

    private SharedTables() {
    }

    /** Runs the statements in order; throws the last failure when they still fail after a few passes. */
    public static void create(DataSource dataSource, List<String> statements) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
                return;
            } catch (SQLException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
