package dev.holdfast.ledger;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What operations read from the ledger database: counts by state and reason, overdue recordings and unsealed
 * bags not alerted yet (see {@link RaisedAlerts}, whose table these reads join). Operations write no SQL of their own.
 */
public final class OpsLedger {

    private final Jdbc jdbc;

    /** Built after {@link RaisedAlerts}, which creates the table these reads join. */
    public OpsLedger(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** The database answers. */
    public void ping() {
        jdbc.query("SELECT 1", rs -> rs.getInt(1));
    }

    /** Recordings not delivered and not terminal, by reason; in progress counts as {@code in-progress}. */
    public Map<String, Long> pendingByReason() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("SELECT state, reason, COUNT(*) FROM hf_recording WHERE state IN ('PENDING', 'IN_PROGRESS') GROUP BY state, reason",
                rs -> counts.merge("IN_PROGRESS".equals(rs.getString(1)) ? Reason.IN_PROGRESS
                        : rs.getString(2) == null ? Reason.UNKNOWN : rs.getString(2), rs.getLong(3), Long::sum));
        return counts;
    }

    /** Recordings of the held conversations that started in {@code [from, to)}, by state. */
    public Map<String, Long> statesIn(Instant from, Instant to) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("""
                SELECT r.state, COUNT(*) FROM hf_recording r JOIN hf_conversation c ON c.conversation_id = r.conversation_id
                WHERE c.conversation_start >= ? AND c.conversation_start < ? GROUP BY r.state""",
                rs -> counts.put(rs.getString(1), rs.getLong(2)), UtcTimestamps.toColumn(from), UtcTimestamps.toColumn(to));
        return counts;
    }

    /** Recordings pending since before {@code cutoff} for which no alert has been raised yet. */
    public List<Overdue> overdueWithoutAlert(Instant cutoff) {
        return jdbc.query("""
                SELECT r.conversation_id, r.recording_id, COALESCE(r.reason, ?), r.first_pending_at FROM hf_recording r
                WHERE r.state IN ('PENDING', 'IN_PROGRESS') AND r.first_pending_at < ?
                  AND NOT EXISTS (SELECT 1 FROM hf_alert a WHERE a.kind = 'pending'
                                  AND a.subject = CONCAT(r.conversation_id, '/', r.recording_id))
                ORDER BY r.first_pending_at, r.conversation_id, r.recording_id""",
                rs -> new Overdue(rs.getString(1), rs.getString(2), rs.getString(3),
                        UtcTimestamps.fromColumn(rs, 4)), Reason.IN_PROGRESS, UtcTimestamps.toColumn(cutoff));
    }

    public record Overdue(String conversationId, String recordingId, String reason, Instant pendingSince) {
        public String subject() {
            return conversationId + "/" + recordingId;
        }
    }

    /** Bags of dead runs that a run could not seal (the reason the ledger kept), not alerted yet. */
    public List<String[]> unsealedWithoutAlert() {
        return new ArrayList<>(jdbc.query("""
                SELECT b.bag, b.seal_problem FROM hf_bag b WHERE b.sealed_at IS NULL AND b.seal_problem IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM hf_alert a WHERE a.kind = 'bag-not-sealed' AND a.subject = b.bag)
                ORDER BY b.opened_at""", rs -> new String[] {rs.getString(1), rs.getString(2)}));
    }
}
