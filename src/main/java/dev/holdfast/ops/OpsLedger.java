package dev.holdfast.ops;

import dev.holdfast.ledger.Reason;
import dev.holdfast.ledger.SharedTables;
import dev.holdfast.ledger.UtcTimestamps;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What operations read from the ledger database (counts by state and reason, overdue recordings) and the one
 * table they own, {@code hf_alert}: which alerts have been raised, so that each is raised once whatever the
 * number of retries, runs, restarts or nodes.
 */
public final class OpsLedger {

    private final DataSource dataSource;

    public OpsLedger(DataSource dataSource) {
        this.dataSource = dataSource;
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

    /** The database answers. */
    public void ping() {
        query("SELECT 1", rs -> rs.getInt(1));
    }

    /** Recordings not delivered and not terminal, by reason; in progress counts as {@code in-progress}. */
    public Map<String, Long> pendingByReason() {
        Map<String, Long> counts = new TreeMap<>();
        query("SELECT state, reason, COUNT(*) FROM hf_recording WHERE state IN ('PENDING', 'IN_PROGRESS') GROUP BY state, reason",
                rs -> counts.merge("IN_PROGRESS".equals(rs.getString(1)) ? Reason.IN_PROGRESS
                        : rs.getString(2) == null ? Reason.UNKNOWN : rs.getString(2), rs.getLong(3), Long::sum));
        return counts;
    }

    /** Recordings of the held conversations that started in {@code [from, to)}, by state. */
    public Map<String, Long> statesIn(Instant from, Instant to) {
        Map<String, Long> counts = new TreeMap<>();
        query("""
                SELECT r.state, COUNT(*) FROM hf_recording r JOIN hf_conversation c ON c.conversation_id = r.conversation_id
                WHERE c.conversation_start >= ? AND c.conversation_start < ? GROUP BY r.state""",
                rs -> counts.put(rs.getString(1), rs.getLong(2)), UtcTimestamps.toColumn(from), UtcTimestamps.toColumn(to));
        return counts;
    }

    /** Recordings pending since before {@code cutoff} for which no alert has been raised yet. */
    public List<Overdue> overdueWithoutAlert(Instant cutoff) {
        List<Overdue> out = new ArrayList<>();
        query("""
                SELECT r.conversation_id, r.recording_id, COALESCE(r.reason, ?), r.first_pending_at FROM hf_recording r
                WHERE r.state IN ('PENDING', 'IN_PROGRESS') AND r.first_pending_at < ?
                  AND NOT EXISTS (SELECT 1 FROM hf_alert a WHERE a.kind = 'pending'
                                  AND a.subject = CONCAT(r.conversation_id, '/', r.recording_id))
                ORDER BY r.first_pending_at, r.conversation_id, r.recording_id""",
                rs -> out.add(new Overdue(rs.getString(1), rs.getString(2), rs.getString(3),
                        UtcTimestamps.fromColumn(rs, 4))), Reason.IN_PROGRESS, UtcTimestamps.toColumn(cutoff));
        return out;
    }

    public record Overdue(String conversationId, String recordingId, String reason, Instant pendingSince) {
        public String subject() {
            return conversationId + "/" + recordingId;
        }
    }

    /** Bags of dead runs that a run could not seal (the reason the ledger kept), not alerted yet. */
    public List<String[]> unsealedWithoutAlert() {
        List<String[]> out = new ArrayList<>();
        query("""
                SELECT b.bag, b.seal_problem FROM hf_bag b WHERE b.sealed_at IS NULL AND b.seal_problem IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM hf_alert a WHERE a.kind = 'bag-not-sealed' AND a.subject = b.bag)
                ORDER BY b.opened_at""", rs -> out.add(new String[] {rs.getString(1), rs.getString(2)}));
        return out;
    }

    /** Records an alert; false when it was raised before (here or by another node). */
    public boolean raise(String kind, String subject, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO hf_alert (kind, subject, raised_at) VALUES (?, ?, ?)")) {
            ps.setString(1, kind);
            ps.setString(2, subject);
            ps.setObject(3, UtcTimestamps.toColumn(at));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("cannot record an alert: " + e.getMessage(), e);
        }
    }

    /** Forgets an alert: the condition is over (or the alert could not be sent and is to be raised again). */
    public void clear(String kind, String subject) {
        execute("DELETE FROM hf_alert WHERE kind = ? AND subject = ?", kind, subject);
    }

    public boolean raised(String kind, String subject) {
        return !query("SELECT 1 FROM hf_alert WHERE kind = ? AND subject = ?", rs -> rs.getInt(1), kind, subject).isEmpty();
    }

    private int execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("ledger database: " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("ledger database: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

}
