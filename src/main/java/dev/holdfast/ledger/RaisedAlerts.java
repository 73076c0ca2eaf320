package dev.holdfast.ledger;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The one table operations own, {@code hf_alert}: which alerts have been raised, so that each is raised once
 * whatever the number of retries, runs, restarts or nodes.
 */
public final class RaisedAlerts {

    private final Jdbc jdbc;

    public RaisedAlerts(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
        try {
            // every node creates it at start-up, possibly at the same moment as another
            SharedTables.create(dataSource, List.of("""
                    CREATE TABLE IF NOT EXISTS hf_alert (
                      kind VARCHAR(32) NOT NULL,
                      subject VARCHAR(700) NOT NULL,
                      raised_at TIMESTAMP NOT NULL,
                      PRIMARY KEY (kind, subject))"""));
        } catch (SQLException e) {
            throw new IllegalStateException("ledger database: cannot prepare hf_alert: " + e.getMessage(), e);
        }
    }

    /** Records an alert; false when it was raised before (here or by another node). */
    public boolean raise(String kind, String subject, Instant at) {
        // a second raise of the same alert breaks the primary key: nothing is inserted, and that is the answer
        return jdbc.update("INSERT INTO hf_alert (kind, subject, raised_at) VALUES (?, ?, ?)",
                kind, subject, UtcTimestamps.toColumn(at)) == 1;
    }

    /** Forgets an alert: the condition is over (or the alert could not be sent and is to be raised again). */
    public void clear(String kind, String subject) {
        jdbc.update("DELETE FROM hf_alert WHERE kind = ? AND subject = ?", kind, subject);
    }

    public boolean raised(String kind, String subject) {
        return !jdbc.query("SELECT 1 FROM hf_alert WHERE kind = ? AND subject = ?", rs -> rs.getInt(1), kind, subject).isEmpty();
    }
}
