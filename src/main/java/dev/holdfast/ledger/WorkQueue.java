package dev.holdfast.ledger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conversations a run found work in, queued in the ledger so that every node works them, not only the node
 * whose schedule fired. A node claims a few at a time under a lease ({@code FOR UPDATE SKIP LOCKED} on
 * PostgreSQL: claimers never wait on each other; one conditional UPDATE decides on every database) and drops
 * each when it has worked it; a dead node's claims are taken over once their lease has run out. The recordings
 * themselves keep their own leases: a conversation worked twice never delivers a recording twice.
 */
public final class WorkQueue {

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;
    private final boolean skipLocked;

    public WorkQueue(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        try {
            SharedTables.create(dataSource, TABLES);
            try (Connection c = dataSource.getConnection()) {
                this.skipLocked = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot prepare the work queue: " + e.getMessage(), e);
        }
    }

    /** Queues the conversations (in order) unless queued already; {@code window} is the queuing run's. */
    public int queue(List<String> conversationIds, String window, String node) {
        LocalDateTime now = UtcTimestamps.toColumn(clock.instant());
        int queued = 0;
        for (String id : conversationIds) {
            queued += jdbc.update("INSERT INTO hf_work (conversation_id, window_text, queued_by, queued_at) SELECT ?, ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM hf_work WHERE conversation_id = ?)", id, window, node, now, id);
        }
        return queued;
    }

    /** Whether a queued conversation waits for a node (unclaimed, or claimed by a node whose lease ran out). */
    public boolean waiting() {
        return !jdbc.query("SELECT 1 FROM hf_work WHERE lease_until IS NULL OR lease_until < ? FETCH FIRST 1 ROWS ONLY",
                rs -> rs.getInt(1), UtcTimestamps.toColumn(clock.instant())).isEmpty();
    }

    /** The window of the run that queued the oldest waiting conversation, if any waits. */
    public Optional<String> waitingWindow() {
        return jdbc.query("SELECT window_text FROM hf_work WHERE lease_until IS NULL OR lease_until < ? ORDER BY seq FETCH FIRST 1 ROWS ONLY",
                rs -> rs.getString(1), UtcTimestamps.toColumn(clock.instant())).stream().findFirst();
    }

    /**
     * Claims up to {@code limit} waiting conversations for {@code node}, oldest first, for {@code lease}; empty only
     * when nothing waits. Where rows cannot be skipped while locked (H2), claimers that started together select the
     * same rows and all but one lose the guard: a claimer that lost every row selects again rather than answer
     * empty, which would end a worker lane while work still waits.
     */
    public List<String> claim(String node, int limit, Duration lease) {
        while (true) {
            Attempt attempt = claimOnce(node, limit, lease);
            if (!attempt.claimed().isEmpty() || attempt.candidates() == 0) {
                return attempt.claimed();
            }
        }
    }

    private record Attempt(int candidates, List<String> claimed) {
    }

    private Attempt claimOnce(String node, int limit, Duration lease) {
        Instant now = clock.instant();
        LocalDateTime at = UtcTimestamps.toColumn(now);
        LocalDateTime until = UtcTimestamps.toColumn(now.plus(lease));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> candidates = new ArrayList<>();
                try (PreparedStatement ps = Jdbc.prepare(c, "SELECT conversation_id FROM hf_work WHERE lease_until IS NULL OR lease_until < ?"
                        + " ORDER BY seq FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY" + (skipLocked ? " FOR UPDATE SKIP LOCKED" : ""), at);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getString(1));
                    }
                }
                List<String> claimed = new ArrayList<>();
                for (String id : candidates) {
                    // the guard decides where nothing was locked (H2), and a row another node claimed meanwhile
                    try (PreparedStatement ps = Jdbc.prepare(c, "UPDATE hf_work SET lease_owner = ?, lease_until = ?"
                            + " WHERE conversation_id = ? AND (lease_until IS NULL OR lease_until < ?)", node, until, id, at)) {
                        if (ps.executeUpdate() == 1) {
                            claimed.add(id);
                        }
                    }
                }
                c.commit();
                return new Attempt(candidates.size(), claimed);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("work queue claim failed: " + e.getMessage(), e);
        }
    }

    /** Frees the claims of processes of this host that are gone ({@code pid@host}): they wait no lease. */
    public int voidClaimsOfGoneProcesses() {
        int gone = 0;
        for (String owner : jdbc.query("SELECT DISTINCT lease_owner FROM hf_work WHERE lease_owner IS NOT NULL AND lease_until >= ?",
                rs -> rs.getString(1), UtcTimestamps.toColumn(clock.instant()))) {
            if (LocalProcesses.gone(owner)) {
                jdbc.update("UPDATE hf_work SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", owner);
                gone++;
            }
        }
        return gone;
    }

    /** The node has worked the conversation: it leaves the queue (unless another node took it over meanwhile). */
    public void done(String conversationId, String node) {
        jdbc.update("DELETE FROM hf_work WHERE conversation_id = ? AND lease_owner = ?", conversationId, node);
    }

    /**
     * Waits while other nodes still work conversations they claimed: until the queue is empty (answers true), or
     * until a conversation waits again (a claim whose lease ran out: its node is gone) or {@code atMost} has
     * passed (answers false). Polls the queue twice a second: one small query.
     */
    public boolean awaitClaimsDone(Duration atMost) {
        long giveUp = System.nanoTime() + atMost.toNanos();
        while (size() > 0) {
            if (waiting() || System.nanoTime() > giveUp) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Queued conversations, claimed or not. */
    public int size() {
        return jdbc.query("SELECT COUNT(*) FROM hf_work", rs -> rs.getInt(1)).get(0);
    }

    private static final List<String> TABLES = List.of(
            """
                    CREATE TABLE IF NOT EXISTS hf_work (
                      seq BIGINT GENERATED BY DEFAULT AS IDENTITY,
                      conversation_id VARCHAR(64) PRIMARY KEY,
                      window_text VARCHAR(100) NOT NULL,
                      queued_by VARCHAR(200),
                      queued_at TIMESTAMP NOT NULL,
                      lease_owner VARCHAR(200),
                      lease_until TIMESTAMP)""",
            "CREATE INDEX IF NOT EXISTS hf_work_seq ON hf_work (seq)");
}
