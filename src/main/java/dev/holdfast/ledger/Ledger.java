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
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The durable state of every held conversation and recording (JDBC: H2 file by default, PostgreSQL when
 * several nodes share the work). Nothing about progress lives anywhere else: a run that dies is redone from
 * here. A recording is handed to one node at a time by a lease that expires if that node dies; so is a named
 * lock (one node seals bags at a time).
 */
public final class Ledger {

    /** The recording id of the one row a rejected conversation gets: its recordings were never listed. */
    public static final String REJECTED_CONVERSATION = "conversation-id-rejected";

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Clock clock;

    public Ledger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        prepareTables();
    }

    // ----- conversations -------------------------------------------------------------------------------

    /** Remembers a held conversation (idempotent); answers whether it was new. */
    public boolean recordConversation(String conversationId, Instant start, String summaryJson, String runId) {
        return update("""
                INSERT INTO hf_conversation (conversation_id, conversation_start, summary_json, discovered_at, discovered_by_run, recordings_listed)
                SELECT ?, ?, ?, ?, ?, FALSE WHERE NOT EXISTS (SELECT 1 FROM hf_conversation WHERE conversation_id = ?)
                """, conversationId, ts(start), summaryJson, ts(now()), runId, conversationId) == 1;
    }

    /**
     * A held conversation whose id is not a Genesys UUID: nothing is asked or written for it, but the ledger
     * knows it, with one terminal row that the reconciliation reports.
     */
    public void recordRejectedConversation(String ledgerKey, Instant start, String runId, String detail) {
        recordConversation(ledgerKey, start, "{}", runId);
        markRecordingsListed(ledgerKey);
        registerRecording(ledgerKey, REJECTED_CONVERSATION);
        markTerminal(ledgerKey, REJECTED_CONVERSATION, Reason.INVALID_ID, detail);
    }

    public Optional<String> conversationSummary(String conversationId) {
        return query("SELECT summary_json FROM hf_conversation WHERE conversation_id = ?",
                rs -> rs.getString(1), conversationId).stream().findFirst();
    }

    public Optional<Instant> conversationStart(String conversationId) {
        return query("SELECT conversation_start FROM hf_conversation WHERE conversation_id = ?",
                rs -> instant(rs, 1), conversationId).stream().findFirst();
    }

    public void updateConversationSummary(String conversationId, String summaryJson) {
        update("UPDATE hf_conversation SET summary_json = ? WHERE conversation_id = ?", summaryJson, conversationId);
    }

    /**
     * Conversations to put under Genesys' own deletion protection: listed, not protected yet, with at least
     * one recording delivered and none still open.
     */
    public List<String> conversationsToProtect() {
        return query("""
                SELECT c.conversation_id FROM hf_conversation c
                WHERE c.recordings_listed = TRUE AND c.protected_at IS NULL
                  AND EXISTS (SELECT 1 FROM hf_recording r WHERE r.conversation_id = c.conversation_id AND r.state = 'DELIVERED')
                  AND NOT EXISTS (SELECT 1 FROM hf_recording r WHERE r.conversation_id = c.conversation_id AND r.state IN ('PENDING', 'IN_PROGRESS'))
                ORDER BY c.conversation_start, c.conversation_id
                """, rs -> rs.getString(1));
    }

    public int protectedConversations() {
        return query("SELECT COUNT(*) FROM hf_conversation WHERE protected_at IS NOT NULL", rs -> rs.getInt(1)).get(0);
    }

    public void markProtected(List<String> conversationIds) {
        for (String id : conversationIds) {
            update("UPDATE hf_conversation SET protected_at = ? WHERE conversation_id = ?", ts(now()), id);
        }
    }

    /**
     * The recordings list of this conversation was read after the conversation had ended and its recordings had
     * left the Edge: every recording it will ever have is in the ledger, and it is closed.
     */
    public void markRecordingsListed(String conversationId) {
        update("UPDATE hf_conversation SET recordings_listed = TRUE, open_reason = NULL WHERE conversation_id = ?", conversationId);
    }

    /**
     * The recordings list was read, but more may come: the call is still going ({@code in-call}) or a recording
     * is still uploading from the Edge ({@code uploading}). Every run lists it again until it is closed.
     */
    public void markConversationOpen(String conversationId, String reason) {
        update("UPDATE hf_conversation SET recordings_listed = TRUE, open_reason = ? WHERE conversation_id = ?", reason, conversationId);
    }

    /** The settle re-check lists these conversations once more: what appears only then is late. */
    public void relistConversations(List<String> conversationIds) {
        for (String id : conversationIds) {
            update("UPDATE hf_conversation SET recordings_listed = FALSE WHERE conversation_id = ?", id);
        }
    }

    /**
     * Conversations with work to do now: never listed yet, still open (in a call, or uploading), or holding a
     * recording that is pending and due (or in progress under an expired lease).
     */
    public List<String> conversationsWithWork() {
        LocalDateTime now = ts(now());
        return query("""
                SELECT c.conversation_id FROM hf_conversation c
                WHERE c.recordings_listed = FALSE
                   OR c.open_reason IS NOT NULL
                   OR EXISTS (SELECT 1 FROM hf_recording r WHERE r.conversation_id = c.conversation_id
                              AND ((r.state = 'PENDING' AND (r.next_attempt IS NULL OR r.next_attempt <= ?))
                                OR (r.state = 'IN_PROGRESS' AND r.lease_until < ?)))
                ORDER BY c.conversation_start, c.conversation_id
                """, rs -> rs.getString(1), now, now);
    }

    /** Held conversations in {@code [from, to)} and how many recordings each has in the ledger. */
    public List<ConversationCount> conversationsIn(Instant from, Instant to) {
        return query("""
                SELECT c.conversation_id, c.recordings_listed, (SELECT COUNT(*) FROM hf_recording r WHERE r.conversation_id = c.conversation_id),
                       c.open_reason
                FROM hf_conversation c WHERE c.conversation_start >= ? AND c.conversation_start < ?
                ORDER BY c.conversation_start, c.conversation_id
                """, rs -> new ConversationCount(rs.getString(1), rs.getBoolean(2), rs.getInt(3), rs.getString(4)), ts(from), ts(to));
    }

    /** @param openReason why more recordings may still come ({@code in-call}, {@code uploading}); null once closed */
    public record ConversationCount(String conversationId, boolean recordingsListed, int recordings, String openReason) {

        public boolean open() {
            return openReason != null;
        }
    }

    // ----- recordings ----------------------------------------------------------------------------------

    /** Adds a recording as PENDING (reason {@code discovered}) unless the ledger knows it; answers whether it was new. */
    public boolean registerRecording(String conversationId, String recordingId) {
        return registerRecording(conversationId, recordingId, null);
    }

    /**
     * Adds a recording as PENDING (reason {@code discovered}) unless the ledger knows it, with its media type as
     * Genesys lists it ({@code audio}, {@code screen}, {@code email}, {@code chat}, {@code messaging}; null when not
     * known), for the counts by media type; a row without one (a ledger of an earlier release) gets it now. Answers
     * whether it was new.
     */
    public boolean registerRecording(String conversationId, String recordingId, String media) {
        Instant now = now();
        // Genesys' media types are short words; anything else from the API is kept as "other", never as it came
        String type = media == null || media.isBlank() ? null : media.matches("[A-Za-z]{1,16}") ? media : "other";
        boolean added = update("""
                INSERT INTO hf_recording (conversation_id, recording_id, state, reason, attempts, first_pending_at, updated_at, media)
                SELECT ?, ?, 'PENDING', 'discovered', 0, ?, ?, ? WHERE NOT EXISTS
                  (SELECT 1 FROM hf_recording WHERE conversation_id = ? AND recording_id = ?)
                """, conversationId, recordingId, ts(now), ts(now), type, conversationId, recordingId) == 1;
        if (!added && type != null) {
            update("UPDATE hf_recording SET media = ? WHERE conversation_id = ? AND recording_id = ? AND media IS NULL",
                    type, conversationId, recordingId);
        }
        return added;
    }

    public Optional<LedgerRow> row(String conversationId, String recordingId) {
        return query(SELECT_ROW + " WHERE r.conversation_id = ? AND r.recording_id = ?", Ledger::row,
                conversationId, recordingId).stream().findFirst();
    }

    public List<LedgerRow> rowsOf(String conversationId) {
        return query(SELECT_ROW + " WHERE r.conversation_id = ? ORDER BY r.recording_id", Ledger::row, conversationId);
    }

    /** Every recording of the held conversations that started in {@code [from, to)}. */
    public List<LedgerRow> rowsIn(Instant from, Instant to) {
        return query(SELECT_ROW + " WHERE c.conversation_start >= ? AND c.conversation_start < ?"
                + " ORDER BY c.conversation_start, r.conversation_id, r.recording_id", Ledger::row, ts(from), ts(to));
    }

    /** The last of the next attempts of pending recordings that fall due by {@code limit}, if any does. */
    public Optional<Instant> lastAttemptDueBy(Instant limit) {
        return query("SELECT MAX(next_attempt) FROM hf_recording WHERE state = 'PENDING' AND next_attempt <= ?",
                rs -> instant(rs, 1), ts(limit)).stream().filter(Objects::nonNull).findFirst();
    }

    /** Recordings waiting for the batch-download fallback, due now. */
    public List<LedgerRow> dueWithReason(String reason) {
        LocalDateTime now = ts(now());
        return query(SELECT_ROW + " WHERE r.state = 'PENDING' AND r.reason = ? AND (r.next_attempt IS NULL OR r.next_attempt <= ?)"
                + " ORDER BY r.conversation_id, r.recording_id", Ledger::row, reason, now);
    }

    /**
     * Takes the lease on a recording that is pending, or in progress under an expired lease; answers
     * false when it is delivered, terminal or leased by a live node. Counts an attempt.
     */
    public boolean claim(String conversationId, String recordingId, String node, Duration lease) {
        Instant now = now();
        return update("""
                UPDATE hf_recording SET state = 'IN_PROGRESS', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
                WHERE conversation_id = ? AND recording_id = ?
                  AND (state = 'PENDING' OR (state = 'IN_PROGRESS' AND lease_until < ?))
                """, node, ts(now.plus(lease)), ts(now), conversationId, recordingId, ts(now)) == 1;
    }

    /**
     * Hands back the recordings this node still holds after its routes stopped (a forced shutdown): pending
     * again at once (reason {@code interrupted}), instead of waiting for their lease to expire.
     */
    public int releaseLeases(String node) {
        LocalDateTime now = ts(now());
        return update("""
                UPDATE hf_recording SET state = 'PENDING', reason = ?, next_attempt = ?, lease_owner = NULL,
                  lease_until = NULL, updated_at = ? WHERE state = 'IN_PROGRESS' AND lease_owner = ?""", Reason.INTERRUPTED, now, now, node);
    }

    /**
     * Keeps the node's lease for another {@code lease}; false when it is no longer the node's (another node took
     * it over, or the recording left IN_PROGRESS). A lease that ran out with nobody taking it is still the node's.
     */
    public boolean renewLease(String conversationId, String recordingId, String node, Duration lease) {
        return update("UPDATE hf_recording SET lease_until = ? WHERE conversation_id = ? AND recording_id = ? AND lease_owner = ? AND state = 'IN_PROGRESS'",
                ts(now().plus(lease)), conversationId, recordingId, node) == 1;
    }

    /**
     * Voids every lease held by a process of this host that no longer runs ({@code pid@host}, see
     * {@link LocalProcesses}): its recordings are due at once, its open bags are a dead run's, its lock is free.
     * A killed process frees nothing itself; without this its work waited for the whole lease. Answers how many
     * such owners were found.
     */
    public int voidLeasesOfGoneProcesses() {
        LocalDateTime now = ts(now());
        LocalDateTime epoch = ts(Instant.EPOCH);
        int gone = 0;
        for (String owner : query("SELECT DISTINCT lease_owner FROM hf_recording WHERE state = 'IN_PROGRESS' AND lease_until >= ?",
                rs -> rs.getString(1), now)) {
            if (LocalProcesses.gone(owner)) {
                // only rows the dead owner still holds: one a live node took meanwhile stays its
                update("UPDATE hf_recording SET lease_until = ? WHERE state = 'IN_PROGRESS' AND lease_owner = ?", epoch, owner);
                gone++;
            }
        }
        for (String node : query("SELECT DISTINCT node FROM hf_bag WHERE sealed_at IS NULL AND heartbeat_at > ?",
                rs -> rs.getString(1), epoch)) {
            if (LocalProcesses.gone(node)) {
                update("UPDATE hf_bag SET heartbeat_at = ? WHERE node = ? AND sealed_at IS NULL", epoch, node);
                gone++;
            }
        }
        for (String[] lock : query("SELECT name, lease_owner FROM hf_lock WHERE lease_owner IS NOT NULL AND lease_until >= ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now)) {
            if (LocalProcesses.gone(lock[1])) {
                update("UPDATE hf_lock SET lease_until = ? WHERE name = ? AND lease_owner = ?", epoch, lock[0], lock[1]);
                gone++;
            }
        }
        return gone;
    }

    /**
     * Notes where the recording is about to be written, before the first byte goes out: after a crash the
     * next attempt looks there first and never writes it twice. False, with nothing noted, when the node no
     * longer holds the recording's lease: it must not write it at all.
     */
    public boolean planKey(String conversationId, String recordingId, String node, String key, String bag, String sha256, long size) {
        return update("""
                UPDATE hf_recording SET destination_key = ?, bag = ?, sha256 = ?, size_bytes = ?, updated_at = ?
                WHERE conversation_id = ? AND recording_id = ? AND state = 'IN_PROGRESS' AND lease_owner = ?
                """, key, bag, sha256, size, ts(now()), conversationId, recordingId, node) == 1;
    }

    /** The planned write never happened (the object is not at the destination): the next attempt plans afresh. */
    public void forgetPlannedKey(String conversationId, String recordingId) {
        update("UPDATE hf_recording SET destination_key = NULL, bag = NULL, sha256 = NULL, size_bytes = NULL WHERE conversation_id = ? AND recording_id = ? AND state <> 'DELIVERED'",
                conversationId, recordingId);
    }

    /** Recordings delivered into a bag, or planned into it and not confirmed (a run that died mid-write). */
    public List<LedgerRow> rowsOfBag(String bag) {
        return query(SELECT_ROW + " WHERE r.bag = ? ORDER BY r.destination_key", Ledger::row, bag);
    }

    /** Every delivered recording: what {@code verify} expects to find at the destination. */
    public List<LedgerRow> delivered() {
        return query(SELECT_ROW + " WHERE r.state = 'DELIVERED' ORDER BY r.destination_key", Ledger::row);
    }

    /**
     * The sidecar prepared for a recording's delivery, kept until its bag is sealed: the bag's load file is made
     * of its sidecars. The last one prepared wins; the seal uses it only when its SHA-256 is the delivered one.
     */
    public void keepSidecar(String conversationId, String recordingId, String json) {
        update("DELETE FROM hf_sidecar WHERE conversation_id = ? AND recording_id = ?", conversationId, recordingId);
        update("INSERT INTO hf_sidecar (conversation_id, recording_id, sidecar_json) VALUES (?, ?, ?)",
                conversationId, recordingId, json);
    }

    /** The sidecar kept for a recording ({@link #keepSidecar}), if any. */
    public Optional<String> keptSidecar(String conversationId, String recordingId) {
        return query("SELECT sidecar_json FROM hf_sidecar WHERE conversation_id = ? AND recording_id = ?",
                rs -> rs.getString(1), conversationId, recordingId).stream().findFirst();
    }

    // ----- custody events and bags ---------------------------------------------------------------------

    /** Appends one custody event of a run (its bag); the bag's custody log is made of them, in order. */
    public void appendCustody(String bag, Instant time, String event, String conversationId, String recordingId,
                              String actor, String node, String detailsJson) {
        update("INSERT INTO hf_custody (bag, event_time, event, conversation_id, recording_id, actor, node, details_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                bag, ts(time), event, conversationId, recordingId, actor, node, detailsJson);
    }

    public List<CustodyRecord> custodyOf(String bag) {
        return query("SELECT event_time, event, conversation_id, recording_id, actor, node, details_json FROM hf_custody WHERE bag = ? ORDER BY seq",
                rs -> new CustodyRecord(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)), bag);
    }

    /** The custody events of one kind recorded for a conversation, across all bags. */
    public List<CustodyRecord> custodyOfConversation(String conversationId, String event) {
        return query("SELECT event_time, event, conversation_id, recording_id, actor, node, details_json FROM hf_custody WHERE conversation_id = ? AND event = ? ORDER BY seq",
                rs -> new CustodyRecord(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)), conversationId, event);
    }

    public record CustodyRecord(Instant time, String event, String conversationId, String recordingId, String actor,
                                String node, String detailsJson) {
    }

    /** A run opens its bag before it writes anything into it. */
    public void openBag(String bag, String node, String window) {
        update("INSERT INTO hf_bag (bag, node, window_text, opened_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)",
                bag, node, window, ts(now()), ts(now()));
    }

    /** The run owning the bag is alive; a bag sealed, or given up by its run ({@link #abandonBag}), stays so. */
    public void heartbeat(String bag) {
        update("UPDATE hf_bag SET heartbeat_at = ? WHERE bag = ? AND sealed_at IS NULL AND heartbeat_at > ?",
                ts(now()), bag, ts(Instant.EPOCH));
    }

    /** Bags never sealed whose run has not shown a sign of life for {@code silence}: their run died. */
    public List<OpenBag> abandonedBags(Duration silence) {
        return query("SELECT bag, window_text FROM hf_bag WHERE sealed_at IS NULL AND heartbeat_at < ? ORDER BY opened_at",
                rs -> new OpenBag(rs.getString(1), rs.getString(2)), ts(now().minus(silence)));
    }

    public record OpenBag(String bag, String window) {
    }

    /**
     * The last bag of the custody chain: sealed, or with its seal recorded ({@link #recordSeal}) and still being
     * written. The chain continues from its last line, its reconciliation is compared.
     */
    public Optional<SealedBag> lastSealedBag() {
        return query("SELECT bag, last_line_sha256, reconciliation_sha256 FROM hf_bag WHERE seal_seq IS NOT NULL ORDER BY seal_seq DESC",
                rs -> new SealedBag(rs.getString(1), rs.getString(2), rs.getString(3))).stream().findFirst();
    }

    public record SealedBag(String bag, String lastLineSha256, String reconciliationSha256) {
    }

    /** The bag is in the ledger and not sealed: a run may still seal it. */
    public boolean bagOpen(String bag) {
        return !query("SELECT 1 FROM hf_bag WHERE bag = ? AND sealed_at IS NULL", rs -> rs.getInt(1), bag).isEmpty();
    }

    /** The run gives its bag up unsealed: the next run of any node seals it as a dead run's, without waiting for silence. */
    public void abandonBag(String bag) {
        // a heartbeat at the epoch is older than any silence: abandonedBags lists the bag at once
        update("UPDATE hf_bag SET heartbeat_at = ? WHERE bag = ? AND sealed_at IS NULL", ts(Instant.EPOCH), bag);
    }

    /**
     * The bag's files are all at the destination. A bag whose seal was recorded keeps the place in the chain it
     * took then; the recorded files are no longer needed.
     */
    public void sealBag(String bag, String lastLineSha256, String reconciliationSha256) {
        update("UPDATE hf_bag SET sealed_at = ?, last_line_sha256 = ?, reconciliation_sha256 = ?, seal_problem = NULL,"
                        + " seal_seq = COALESCE(seal_seq, (SELECT COALESCE(MAX(seal_seq), 0) + 1 FROM hf_bag)) WHERE bag = ?",
                ts(now()), lastLineSha256, reconciliationSha256, bag);
        update("DELETE FROM hf_bag_file WHERE bag = ?", bag);
        // the bag's load file holds what its sidecars said; the bag itself holds the sidecars
        update("DELETE FROM hf_sidecar WHERE EXISTS (SELECT 1 FROM hf_recording r WHERE r.conversation_id = hf_sidecar.conversation_id"
                + " AND r.recording_id = hf_sidecar.recording_id AND r.bag = ? AND r.state = 'DELIVERED')", bag);
    }

    /**
     * Before the first file of a bag's seal is written: the exact files (so a seal interrupted by a crash is
     * finished with the very same bytes, never different ones under keys already written) and the bag's place
     * in the custody chain, taken now (a bag sealed meanwhile continues the chain from this one, never forks
     * it). One transaction: a seal is recorded whole or not at all.
     */
    public void recordSeal(String bag, List<SealFile> files, String lastLineSha256, String reconciliationSha256) {
        for (SealFile file : files) {
            Jdbc.requireStorable(file.key(), file.content(), file.sha256(), file.contentType());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = prepare(c, "DELETE FROM hf_bag_file WHERE bag = ?", bag)) {
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO hf_bag_file (bag, seq, file_key, content, sha256, size_bytes, content_type) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    int seq = 0;
                    for (SealFile file : files) {
                        ps.setString(1, bag);
                        ps.setInt(2, seq++);
                        ps.setString(3, file.key());
                        ps.setString(4, file.content());
                        ps.setString(5, file.sha256());
                        ps.setLong(6, file.size());
                        ps.setString(7, file.contentType());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = prepare(c, "UPDATE hf_bag SET last_line_sha256 = ?, reconciliation_sha256 = ?,"
                        + " seal_seq = (SELECT COALESCE(MAX(seal_seq), 0) + 1 FROM hf_bag) WHERE bag = ? AND sealed_at IS NULL",
                        lastLineSha256, reconciliationSha256, bag)) {
                    if (ps.executeUpdate() != 1) {
                        throw new SQLException("bag " + bag + " is not open");
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("ledger write failed: " + e.getMessage(), e);
        }
    }

    /** The seal recorded for an open bag, its files in the order to write them; empty when none was recorded. */
    public Optional<RecordedSeal> recordedSeal(String bag) {
        Optional<SealedBag> chained = query("SELECT bag, last_line_sha256, reconciliation_sha256 FROM hf_bag"
                        + " WHERE bag = ? AND sealed_at IS NULL AND seal_seq IS NOT NULL",
                rs -> new SealedBag(rs.getString(1), rs.getString(2), rs.getString(3)), bag).stream().findFirst();
        if (chained.isEmpty()) {
            return Optional.empty();
        }
        List<SealFile> files = query("SELECT file_key, content, sha256, size_bytes, content_type FROM hf_bag_file WHERE bag = ? ORDER BY seq",
                rs -> new SealFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)), bag);
        return Optional.of(new RecordedSeal(files, chained.get().lastLineSha256(), chained.get().reconciliationSha256()));
    }

    /** One file of a bag's seal as it is to be written: its key, its text, its SHA-256 and size in UTF-8. */
    public record SealFile(String key, String content, String sha256, long size, String contentType) {
    }

    public record RecordedSeal(List<SealFile> files, String lastLineSha256, String reconciliationSha256) {
    }

    /** Why a dead run's bag could not be sealed this time (the next run tries again); {@code verify} and alerts see it. */
    public void sealProblem(String bag, String reason) {
        update("UPDATE hf_bag SET seal_problem = ? WHERE bag = ? AND sealed_at IS NULL", freeText(reason), bag);
    }

    /** Open bags a run could not seal, and why. */
    public List<SealProblem> sealProblems() {
        return query("SELECT bag, seal_problem FROM hf_bag WHERE sealed_at IS NULL AND seal_problem IS NOT NULL ORDER BY opened_at",
                rs -> new SealProblem(rs.getString(1), rs.getString(2)));
    }

    public record SealProblem(String bag, String reason) {
    }

    /** A run that had nothing to write closes its bag without one at the destination. */
    public void dropBag(String bag) {
        update("DELETE FROM hf_bag WHERE bag = ? AND sealed_at IS NULL", bag);
    }

    // every write of a recording's state is guarded: by the writer's lease when it claimed the recording, else
    // by nobody holding one (a node that lost its lease never overwrites the work of the node that took it over)
    private static final String HELD_BY = " AND state = 'IN_PROGRESS' AND lease_owner = ?";
    private static final String HELD_BY_NOBODY = " AND (state = 'PENDING' OR (state = 'IN_PROGRESS' AND lease_until < ?))";

    /** Pending again, by a writer that never claimed it; false when a live lease (or a final state) kept it. */
    public boolean markPending(String conversationId, String recordingId, String reason, String detail, Instant nextAttempt) {
        return update(PENDING + HELD_BY_NOBODY, reason, freeText(detail), ts(nextAttempt), ts(now()), conversationId,
                recordingId, ts(now())) == 1;
    }

    /** Pending again, by the node holding its lease; false when it no longer does. */
    public boolean markPending(String conversationId, String recordingId, String node, String reason, String detail,
                               Instant nextAttempt) {
        return update(PENDING + HELD_BY, reason, freeText(detail), ts(nextAttempt), ts(now()), conversationId,
                recordingId, node) == 1;
    }

    /** Terminal, by a writer that never claimed it; false when a live lease (or a final state) kept it. */
    public boolean markTerminal(String conversationId, String recordingId, String reason, String detail) {
        return update(TERMINAL + HELD_BY_NOBODY, reason, freeText(detail), ts(now()), conversationId, recordingId,
                ts(now())) == 1;
    }

    /** Terminal, by the node holding its lease; false when it no longer does. */
    public boolean markTerminal(String conversationId, String recordingId, String node, String reason, String detail) {
        return update(TERMINAL + HELD_BY, reason, freeText(detail), ts(now()), conversationId, recordingId, node) == 1;
    }

    /**
     * Only after the destination confirmed size and SHA-256, by the node holding the lease; false when it no longer
     * does (the node that took the recording over records it).
     */
    public boolean markDelivered(String conversationId, String recordingId, String node, Delivery delivery) {
        return update(DELIVERED + HELD_BY, delivered(delivery, conversationId, recordingId, node)) == 1;
    }

    /**
     * Found complete at the destination by a writer that never claimed it (a dead run's bag settled): false when
     * it is delivered already or a live node holds its lease.
     */
    public boolean markDelivered(String conversationId, String recordingId, Delivery delivery) {
        return update(DELIVERED + " AND state <> 'DELIVERED' AND (state <> 'IN_PROGRESS' OR lease_until < ?)",
                delivered(delivery, conversationId, recordingId, ts(now()))) == 1;
    }

    private static final String PENDING = """
            UPDATE hf_recording SET state = 'PENDING', reason = ?, detail = ?, next_attempt = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?
            WHERE conversation_id = ? AND recording_id = ?""";
    private static final String TERMINAL = """
            UPDATE hf_recording SET state = 'TERMINAL', reason = ?, detail = ?, next_attempt = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?
            WHERE conversation_id = ? AND recording_id = ?""";
    private static final String DELIVERED = """
            UPDATE hf_recording SET state = 'DELIVERED', reason = NULL, detail = ?, next_attempt = NULL, lease_owner = NULL, lease_until = NULL,
              destination_key = ?, bag = ?, sha256 = ?, size_bytes = ?, content_type = ?, fetch_path = ?, sidecar_sha256 = ?, sidecar_size = ?,
              delivered_at = ?, updated_at = ?
            WHERE conversation_id = ? AND recording_id = ?""";

    private Object[] delivered(Delivery delivery, String conversationId, String recordingId, Object guard) {
        return new Object[]{freeText(delivery.location()), delivery.key(), delivery.bag(), delivery.sha256(), delivery.size(),
                delivery.contentType(), delivery.fetchPath(), delivery.sidecarSha256(), delivery.sidecarSize(), ts(now()),
                ts(now()), conversationId, recordingId, guard};
    }

    /** What the destination confirmed for one recording. */
    public record Delivery(String key, String bag, String sha256, long size, String contentType, String fetchPath,
                           String location, String sidecarSha256, long sidecarSize) {
    }

    // ----- the files of a recording (an original and its review copy) -----------------------------------

    /**
     * Notes where one file of the recording is about to be written, before its first byte goes out, by the node
     * holding the recording's lease (false, with nothing noted, when it no longer does). A confirmed file of that
     * role stays as it is.
     */
    public boolean planFile(String node, LedgerFile file) {
        if (update("UPDATE hf_recording SET updated_at = ? WHERE conversation_id = ? AND recording_id = ? AND state = 'IN_PROGRESS' AND lease_owner = ?",
                ts(now()), file.conversationId(), file.recordingId(), node) != 1) {
            return false;
        }
        forgetFile(file.conversationId(), file.recordingId(), file.role());
        insertFile(file, null);
        return true;
    }

    /** The destination confirmed the planned file at its key. */
    public void confirmFile(String conversationId, String recordingId, String role, String key) {
        update("UPDATE hf_file SET confirmed_at = ? WHERE conversation_id = ? AND recording_id = ? AND role = ? AND destination_key = ?",
                ts(now()), conversationId, recordingId, role, key);
    }

    /** A file the destination has confirmed (the recording's own key, delivered with its sidecar). */
    public void recordFile(LedgerFile file) {
        forgetFile(file.conversationId(), file.recordingId(), file.role());
        insertFile(file, ts(now()));
    }

    /** A planned file that was never confirmed is forgotten: the next attempt plans it afresh. */
    public void forgetFile(String conversationId, String recordingId, String role) {
        update("DELETE FROM hf_file WHERE conversation_id = ? AND recording_id = ? AND role = ? AND confirmed_at IS NULL",
                conversationId, recordingId, role);
    }

    /** Every file noted for the recording, planned or confirmed, by role. */
    public List<LedgerFile> filesOf(String conversationId, String recordingId) {
        return query(SELECT_FILE + " WHERE conversation_id = ? AND recording_id = ? ORDER BY role", Ledger::file,
                conversationId, recordingId);
    }

    /** The files written into a bag (confirmed or only planned), whatever their recording's state. */
    public List<LedgerFile> filesOfBag(String bag) {
        return query(SELECT_FILE + " WHERE bag = ? ORDER BY destination_key", Ledger::file, bag);
    }

    /** Every confirmed file: what {@code verify} expects to find at the destination besides the recordings' own keys. */
    public List<LedgerFile> confirmedFiles() {
        return query(SELECT_FILE + " WHERE confirmed_at IS NOT NULL ORDER BY destination_key", Ledger::file);
    }

    /** A note on a delivered recording, shown in its reconciliation row ({@code review-copy-unavailable}). */
    public void noteDelivered(String conversationId, String recordingId, String note) {
        update("UPDATE hf_recording SET reason = ? WHERE conversation_id = ? AND recording_id = ? AND state = 'DELIVERED'",
                note, conversationId, recordingId);
    }

    /**
     * Keeps the recording as Genesys listed it (signatures stripped by the caller) for when its original comes by
     * batch download, whose answer says nothing of the recording: its sidecar quotes this, and names the
     * {@code formatId} the listing call was sent with ({@code formatId} null: it sent none).
     */
    public void keepListing(String conversationId, String recordingId, String recordingJson, String formatId) {
        if (update("UPDATE hf_listing SET recording_json = ?, format_id = ? WHERE conversation_id = ? AND recording_id = ?",
                recordingJson, formatId, conversationId, recordingId) == 0) {
            update("INSERT INTO hf_listing (conversation_id, recording_id, recording_json, format_id) SELECT ?, ?, ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM hf_listing WHERE conversation_id = ? AND recording_id = ?)",
                    conversationId, recordingId, recordingJson, formatId, conversationId, recordingId);
        }
    }

    /** The formatId the kept listing was asked with, when it was kept with one. */
    public Optional<String> listingFormat(String conversationId, String recordingId) {
        return query("SELECT format_id FROM hf_listing WHERE conversation_id = ? AND recording_id = ? AND format_id IS NOT NULL",
                rs -> rs.getString(1), conversationId, recordingId).stream().findFirst();
    }

    /** The recording as last listed, when it was kept. */
    public Optional<String> listing(String conversationId, String recordingId) {
        return query("SELECT recording_json FROM hf_listing WHERE conversation_id = ? AND recording_id = ?",
                rs -> rs.getString(1), conversationId, recordingId).stream().findFirst();
    }

    private void insertFile(LedgerFile file, LocalDateTime confirmedAt) {
        // a typed value or the literal NULL: PostgreSQL cannot type an untyped null in a SELECT list
        update("INSERT INTO hf_file (conversation_id, recording_id, role, destination_key, bag, sha256, size_bytes, content_type, fetch_path,"
                + " md5, sha1, format_delivered, confirmed_at)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + (confirmedAt == null ? "NULL" : "?") + " WHERE NOT EXISTS"
                + " (SELECT 1 FROM hf_file WHERE conversation_id = ? AND recording_id = ? AND role = ?)",
                confirmedAt == null
                        ? new Object[]{file.conversationId(), file.recordingId(), file.role(), file.key(), file.bag(), file.sha256(),
                                file.size(), file.contentType(), file.fetchPath(), file.md5(), file.sha1(), file.formatDelivered(),
                                file.conversationId(), file.recordingId(), file.role()}
                        : new Object[]{file.conversationId(), file.recordingId(), file.role(), file.key(), file.bag(), file.sha256(),
                                file.size(), file.contentType(), file.fetchPath(), file.md5(), file.sha1(), file.formatDelivered(), confirmedAt,
                                file.conversationId(), file.recordingId(), file.role()});
    }

    private static final String SELECT_FILE = """
            SELECT conversation_id, recording_id, role, destination_key, bag, sha256, size_bytes, content_type, fetch_path,
                   confirmed_at, md5, sha1, format_delivered FROM hf_file""";

    private static LedgerFile file(ResultSet rs) throws SQLException {
        return new LedgerFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10) != null,
                rs.getString(11), rs.getString(12), rs.getString(13));
    }

    // one row per file of a recording (second release: an original beside its review copy); a table of its own,
    // so a ledger of the first release gets it without a column added to hf_recording
    private static final List<String> FILE_TABLES = List.of("""
                CREATE TABLE IF NOT EXISTS hf_file (
                  conversation_id VARCHAR(64) NOT NULL,
                  recording_id VARCHAR(600) NOT NULL,
                  role VARCHAR(16) NOT NULL,
                  destination_key VARCHAR(1100) NOT NULL,
                  bag VARCHAR(100) NOT NULL,
                  sha256 VARCHAR(64) NOT NULL,
                  size_bytes BIGINT NOT NULL,
                  content_type VARCHAR(200),
                  fetch_path VARCHAR(16),
                  confirmed_at TIMESTAMP,
                  md5 VARCHAR(32),
                  sha1 VARCHAR(40),
                  format_delivered VARCHAR(200),
                  PRIMARY KEY (conversation_id, recording_id, role))""",
            // the file's MD5 and SHA-1 (the load file's columns), computed in the pass that computed its SHA-256.
            // A ledger made before them gets the columns here (NULL for the files it already holds: their load-file
            // row says nothing rather than a guess); a new ledger has them from CREATE TABLE, so nodes starting
            // together never alter the table at once (H2 rebuilds a table to add a column)
            "ALTER TABLE hf_file ADD COLUMN IF NOT EXISTS md5 VARCHAR(32)",
            "ALTER TABLE hf_file ADD COLUMN IF NOT EXISTS sha1 VARCHAR(40)",
            // the format its bytes are in (the sidecar's formatDelivered of a review copy named beside its original)
            "ALTER TABLE hf_file ADD COLUMN IF NOT EXISTS format_delivered VARCHAR(200)",
            "CREATE INDEX IF NOT EXISTS hf_file_bag ON hf_file (bag)",
            "CREATE TABLE IF NOT EXISTS hf_listing (conversation_id VARCHAR(64) NOT NULL, recording_id VARCHAR(600) NOT NULL,"
                    + " recording_json VARCHAR(1000000), format_id VARCHAR(32), PRIMARY KEY (conversation_id, recording_id))",
            // the formatId the listing call was sent with (the original's sidecar says what was asked), added the same way
            "ALTER TABLE hf_listing ADD COLUMN IF NOT EXISTS format_id VARCHAR(32)");

    // ----- conversations found not held (discovery) ---------------------------------------------------

    /**
     * Remembers a conversation of the recent tail that had ended when its record showed it not held: discovery
     * does not read its record again (idempotent).
     */
    public void recordNotHeld(String conversationId, Instant start) {
        update("INSERT INTO hf_not_held (conversation_id, conversation_start, checked_at) SELECT ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM hf_not_held WHERE conversation_id = ?)",
                conversationId, ts(start), ts(now()), conversationId);
    }

    /** Those of {@code conversationIds} remembered as ended and not held. */
    public Set<String> notHeldAmong(Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Set.of();
        }
        String marks = String.join(", ", Collections.nCopies(conversationIds.size(), "?"));
        return new HashSet<>(query("SELECT conversation_id FROM hf_not_held WHERE conversation_id IN (" + marks + ")",
                rs -> rs.getString(1), conversationIds.toArray()));
    }

    /** Forgets the not-held conversations that started before {@code start}: no recent tail reaches back to them. */
    public void forgetNotHeldStartedBefore(Instant start) {
        update("DELETE FROM hf_not_held WHERE conversation_start < ?", ts(start));
    }

    private static final List<String> DISCOVERY_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS hf_not_held (conversation_id VARCHAR(64) PRIMARY KEY, conversation_start TIMESTAMP NOT NULL, checked_at TIMESTAMP NOT NULL)",
            "CREATE INDEX IF NOT EXISTS hf_not_held_start ON hf_not_held (conversation_start)");

    // ----- named locks --------------------------------------------------------------------------------

    /**
     * Takes the named lock for {@code lease} when nobody holds it or its holder's lease has expired (the holder
     * died); false while another owner holds it. One conditional UPDATE decides, so two nodes never both get it.
     */
    public boolean tryLock(String name, String owner, Duration lease) {
        Instant now = now();
        // the lock's row exists before the UPDATE decides (a node inserting it at the same time is absorbed)
        update("INSERT INTO hf_lock (name) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM hf_lock WHERE name = ?)", name, name);
        return update("UPDATE hf_lock SET lease_owner = ?, lease_until = ? WHERE name = ? AND (lease_owner IS NULL OR lease_until < ?)",
                owner, ts(now.plus(lease)), name, ts(now)) == 1;
    }

    /**
     * Keeps the owner's lock for another {@code lease}; false when it is no longer the owner's (its lease expired
     * and another owner took the lock). A lease that expired with nobody taking it over is still the owner's.
     */
    public boolean renewLock(String name, String owner, Duration lease) {
        return update("UPDATE hf_lock SET lease_until = ? WHERE name = ? AND lease_owner = ?",
                ts(now().plus(lease)), name, owner) == 1;
    }

    /** Frees the lock if the owner holds it; does nothing for anyone else. */
    public void releaseLock(String name, String owner) {
        update("UPDATE hf_lock SET lease_owner = NULL, lease_until = NULL WHERE name = ? AND lease_owner = ?", name, owner);
    }

    // ----- watermark and runs --------------------------------------------------------------------------

    public Optional<Instant> watermark(String name) {
        return query("SELECT watermark FROM hf_watermark WHERE name = ?", rs -> instant(rs, 1), name)
                .stream().findFirst();
    }

    /** Moves the watermark forward only: a late or replayed run never moves it back. */
    public void advanceWatermark(String name, Instant to) {
        if (update("UPDATE hf_watermark SET watermark = ? WHERE name = ? AND watermark < ?", ts(to), name, ts(to)) == 0) {
            update("INSERT INTO hf_watermark (name, watermark) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM hf_watermark WHERE name = ?)",
                    name, ts(to), name);
        }
    }

    /** A scheduled run covered this window: it is re-queried once the analytics data lake has settled. */
    public void recordWindow(Instant from, Instant to) {
        update("INSERT INTO hf_window (window_from, window_to, recorded_at) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM hf_window WHERE window_from = ? AND window_to = ?)",
                ts(from), ts(to), ts(now()), ts(from), ts(to));
    }

    /** Windows whose end lies {@code settle} in the past and that were not re-queried yet. */
    public List<Instant[]> windowsToSettle(Duration settle) {
        return query("SELECT window_from, window_to FROM hf_window WHERE settled_at IS NULL AND window_to <= ? ORDER BY window_from",
                rs -> new Instant[]{instant(rs, 1), instant(rs, 2)}, ts(now().minus(settle)));
    }

    public void markSettled(Instant from, Instant to) {
        update("UPDATE hf_window SET settled_at = ? WHERE window_from = ? AND window_to = ?", ts(now()), ts(from), ts(to));
    }

    public Instant now() {
        return clock.instant();
    }

    // ----- plumbing ------------------------------------------------------------------------------------

    private static final String SELECT_ROW = """
            SELECT r.conversation_id, r.recording_id, c.conversation_start, r.state, r.reason, r.detail, r.attempts, r.next_attempt,
                   r.destination_key, r.sha256, r.size_bytes, r.content_type, r.fetch_path, r.bag, r.first_pending_at,
                   r.sidecar_sha256, r.sidecar_size, r.media
            FROM hf_recording r JOIN hf_conversation c ON c.conversation_id = r.conversation_id""";

    private static LedgerRow row(ResultSet rs) throws SQLException {
        long size = rs.getLong(11);
        Long sizeOrNull = rs.wasNull() ? null : size;
        return new LedgerRow(rs.getString(1), rs.getString(2), instant(rs, 3),
                RecordingState.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getInt(7),
                instant(rs, 8), rs.getString(9), rs.getString(10), sizeOrNull, rs.getString(12),
                rs.getString(13), rs.getString(14), instant(rs, 15), rs.getString(16), rs.getLong(17), rs.getString(18));
    }

    private void prepareTables() {
        try {
            SharedTables.create(dataSource, TABLES);
            SharedTables.create(dataSource, DISCOVERY_TABLES);
            SharedTables.create(dataSource, FILE_TABLES);
        } catch (SQLException e) {
            throw new LedgerException("cannot prepare the ledger tables: " + e.getMessage(), e);
        }
    }

    private static final List<String> TABLES = List.of(
        """
                CREATE TABLE IF NOT EXISTS hf_conversation (
                  conversation_id VARCHAR(64) PRIMARY KEY,
                  conversation_start TIMESTAMP NOT NULL,
                  summary_json VARCHAR(1000000),
                  recordings_listed BOOLEAN NOT NULL,
                  discovered_at TIMESTAMP NOT NULL,
                  discovered_by_run VARCHAR(64),
                  protected_at TIMESTAMP,
                  open_reason VARCHAR(32))""",
        // recording ids are stored as Genesys sent them (an invalid one too, so the ledger knows it; the resolver
        // hashes one too long or holding NUL)
        """
                CREATE TABLE IF NOT EXISTS hf_recording (
                  conversation_id VARCHAR(64) NOT NULL,
                  recording_id VARCHAR(600) NOT NULL,
                  state VARCHAR(16) NOT NULL,
                  reason VARCHAR(64),
                  detail VARCHAR(2000),
                  attempts INT NOT NULL,
                  next_attempt TIMESTAMP,
                  lease_owner VARCHAR(200),
                  lease_until TIMESTAMP,
                  destination_key VARCHAR(1100),
                  bag VARCHAR(100),
                  sha256 VARCHAR(64),
                  size_bytes BIGINT,
                  content_type VARCHAR(200),
                  fetch_path VARCHAR(16),
                  sidecar_sha256 VARCHAR(64),
                  sidecar_size BIGINT,
                  delivered_at TIMESTAMP,
                  first_pending_at TIMESTAMP NOT NULL,
                  updated_at TIMESTAMP NOT NULL,
                  media VARCHAR(16),
                  PRIMARY KEY (conversation_id, recording_id))""",
        // added by the second release: a ledger made by the first gets the column (NULL: closed, as it treated them).
        // A new ledger has it from CREATE TABLE, so nodes starting together never alter a table at once (H2 rebuilds
        // the table to add a column, and two rebuilding it together fail)
        "ALTER TABLE hf_conversation ADD COLUMN IF NOT EXISTS open_reason VARCHAR(32)",
        // the recording's media type (issue 12: counts by media type), the same way
        "ALTER TABLE hf_recording ADD COLUMN IF NOT EXISTS media VARCHAR(16)",
        "CREATE TABLE IF NOT EXISTS hf_watermark (name VARCHAR(64) PRIMARY KEY, watermark TIMESTAMP NOT NULL)",
        """
                CREATE TABLE IF NOT EXISTS hf_custody (
                  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                  bag VARCHAR(100) NOT NULL,
                  event_time TIMESTAMP NOT NULL,
                  event VARCHAR(32) NOT NULL,
                  conversation_id VARCHAR(64),
                  recording_id VARCHAR(600),
                  actor VARCHAR(200),
                  node VARCHAR(200),
                  details_json VARCHAR(20000))""",
        "CREATE INDEX IF NOT EXISTS hf_custody_bag ON hf_custody (bag, seq)",
        "CREATE TABLE IF NOT EXISTS hf_window (window_from TIMESTAMP NOT NULL, window_to TIMESTAMP NOT NULL, recorded_at TIMESTAMP NOT NULL, settled_at TIMESTAMP, PRIMARY KEY (window_from, window_to))",
        """
                CREATE TABLE IF NOT EXISTS hf_bag (
                  bag VARCHAR(100) PRIMARY KEY,
                  node VARCHAR(200),
                  window_text VARCHAR(100),
                  opened_at TIMESTAMP NOT NULL,
                  heartbeat_at TIMESTAMP NOT NULL,
                  sealed_at TIMESTAMP,
                  seal_seq BIGINT,
                  last_line_sha256 VARCHAR(64),
                  reconciliation_sha256 VARCHAR(64),
                  seal_problem VARCHAR(2000))""",
        // added after the first release: ledgers made before it get the column here (new ones have it from CREATE)
        "ALTER TABLE hf_bag ADD COLUMN IF NOT EXISTS seal_problem VARCHAR(2000)",
        // a bag's seal as recorded before its first file is written, until the bag is sealed (see recordSeal)
        """
                CREATE TABLE IF NOT EXISTS hf_bag_file (
                  bag VARCHAR(100) NOT NULL,
                  seq INT NOT NULL,
                  file_key VARCHAR(1100) NOT NULL,
                  content TEXT NOT NULL,
                  sha256 VARCHAR(64) NOT NULL,
                  size_bytes BIGINT NOT NULL,
                  content_type VARCHAR(200) NOT NULL,
                  PRIMARY KEY (bag, seq))""",
        // a lock held by one node at a time, until it releases it or its lease expires (the node died)
        "CREATE TABLE IF NOT EXISTS hf_lock (name VARCHAR(64) PRIMARY KEY, lease_owner VARCHAR(400), lease_until TIMESTAMP)",
        // a recording's sidecar from its delivery until its bag is sealed (see keepSidecar)
        "CREATE TABLE IF NOT EXISTS hf_sidecar (conversation_id VARCHAR(64) NOT NULL, recording_id VARCHAR(600) NOT NULL,"
                + " sidecar_json TEXT NOT NULL, PRIMARY KEY (conversation_id, recording_id))");

    private int update(String sql, Object... args) {
        return jdbc.update(sql, args);
    }

    private <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... args) {
        return jdbc.query(sql, mapper, args);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        Jdbc.requireStorable(args);
        return Jdbc.prepare(c, sql, args);
    }

    private static LocalDateTime ts(Instant instant) {
        return UtcTimestamps.toColumn(instant);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return UtcTimestamps.fromColumn(rs, column);
    }

    /** A message or location for a 2000-character column: NUL written out, cut to fit. */
    private static String freeText(String s) {
        if (s == null) {
            return null;
        }
        String storable = s.replace("\u0000", "\\u0000");
        return storable.length() <= 2000 ? storable : storable.substring(0, 1997) + "...";
    }

}
