package dev.holdfast.cluster;

import dev.holdfast.ledger.SharedTables;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates Quartz's job-store tables in the ledger's PostgreSQL at start-up, from the script Quartz ships in its
 * jar ({@code tables_postgres.sql}), made idempotent: its DROPs are left out and every CREATE gets
 * {@code IF NOT EXISTS}, so a restart keeps the schedule's state and nodes starting together both succeed.
 */
public final class QuartzTables {

    static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    private QuartzTables() {
    }

    public static void create(DataSource dataSource) {
        try {
            SharedTables.create(dataSource, statements());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Quartz tables: " + e.getMessage(), e);
        }
    }

    /** The script's CREATE statements, each made idempotent, in order. */
    static List<String> statements() {
        String script;
        try (InputStream in = QuartzTables.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("Quartz's " + SCRIPT + " is not on the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";")) {
            String s = statement.strip();
            if (s.startsWith("CREATE TABLE ")) {
                statements.add("CREATE TABLE IF NOT EXISTS " + s.substring("CREATE TABLE ".length()));
            } else if (s.startsWith("CREATE INDEX ")) {
                statements.add("CREATE INDEX IF NOT EXISTS " + s.substring("CREATE INDEX ".length()));
            }
        }
        return statements;
    }
}
