package dev.holdfast.recording;

import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerFile;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;
import dev.holdfast.resolve.RecordingAdmission;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.RejectedConversations;
import dev.holdfast.run.RunContext;
import dev.holdfast.safety.GenesysIds;
import dev.holdfast.safety.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of a recording's state: its row at birth (pending, or terminal for an id that is not a Genesys
 * UUID), its lease, and each change to pending, terminal or delivered, with its custody event, one log line and
 * the listener told. Everything else asks here; the {@link Ledger} only runs the SQL.
 */
public final class Lifecycle implements RecordingAdmission, RejectedConversations {

    private static final Logger LOG = LoggerFactory.getLogger("holdfast.recordings");
    /**
     * A stalled host is not asked again within the run: each try costs an idle timeout, and the run's last pass
     * retries what is due within 30 s.
     */
    private static final Duration STALLED_AT_LEAST = Duration.ofMinutes(1);

    private final Ledger ledger;
    private final CustodyRecorder custody;
    private final String node;
    private final Duration lease;
    private volatile OutcomeListener listener = OutcomeListener.NONE;

    public Lifecycle(Ledger ledger, CustodyRecorder custody, String node, Duration lease) {
        this.ledger = ledger;
        this.custody = custody;
        this.node = node;
        this.lease = lease;
    }

    /** Who is told of each change of state after the ledger has it (operations: metrics and progress). */
    public void listener(OutcomeListener listener) {
        this.listener = listener == null ? OutcomeListener.NONE : listener;
    }

    // ----- birth -----------------------------------------------------------------------------------------

    /**
     * Registers a listed recording; an id that is not a Genesys UUID gets a terminal row (so the ledger still
     * knows it) and its custody event, and never reaches a path or a key.
     */
    @Override
    public Admitted admit(RunContext run, String conversationId, String recordingId, String media) {
        if (GenesysIds.isUuid(recordingId)) {
            return ledger.registerRecording(conversationId, recordingId, media) ? Admitted.NEW : Admitted.KNOWN;
        }
        String stored = GenesysIds.ledgerKey(recordingId);
        ledger.registerRecording(conversationId, stored, media);
        // once: a conversation listed again (still in progress) lists the same id again
        if (ledger.markTerminal(conversationId, stored, Reason.INVALID_ID, "recording id is not a Genesys UUID: "
                + SafeText.quote(recordingId))) {
            custody.record(run, CustodyEvent.TERMINAL, conversationId, stored, Map.of("reason", Reason.INVALID_ID));
            LOG.warn("conversation {}: recording id rejected, not a Genesys UUID: {}", conversationId, SafeText.quote(recordingId));
        }
        return Admitted.REJECTED;
    }

    /**
     * A held conversation whose id is not a Genesys UUID: nothing is asked of Genesys or built into a path from
     * it; the ledger keeps it with one terminal row, under a key made safe.
     */
    @Override
    public void rejectConversation(RunContext run, String conversationId, Instant conversationStart) {
        String key = GenesysIds.ledgerKey(conversationId);
        String quoted = SafeText.quote(conversationId);
        ledger.recordRejectedConversation(key, conversationStart, run.runId(), "conversation id is not a Genesys UUID: " + quoted);
        custody.record(run, CustodyEvent.TERMINAL, key, Ledger.REJECTED_CONVERSATION, Map.of("reason", Reason.INVALID_ID));
        LOG.warn("held conversation rejected, its id is not a Genesys UUID: {}", quoted);
    }

    // ----- the lease -------------------------------------------------------------------------------------

    /** Takes the recording's lease for this node: false when another node has it or it is already done. */
    public boolean claim(String conversationId, String recordingId) {
        return ledger.claim(conversationId, recordingId, node, lease);
    }

    /** The lease runs anew; false when it is this node's no longer. */
    public boolean renewLease(String conversationId, String recordingId) {
        return ledger.renewLease(conversationId, recordingId, node, lease);
    }

    /**
     * Hands back the recordings this node still holds once its routes stopped: pending again at once (reason
     * {@code interrupted}); answers how many.
     */
    public int releaseLeases() {
        return ledger.releaseLeases(node);
    }

    // ----- changes of state ------------------------------------------------------------------------------

    /** What the router decided for this recording, in its custody log (no change of state). */
    public void resolved(RunContext run, String conversationId, String recordingId, Map<String, Object> details) {
        custody.record(run, CustodyEvent.RESOLVED, conversationId, recordingId, details);
        listener.resolved(conversationId, recordingId);
    }

    /**
     * Pending with its reason and the time of its next attempt.
     *
     * @param held   this node holds the recording's lease (the state is written under it)
     * @param failed what failed, recorded as its own custody event first; null when nothing did
     * @return false when another node holds it, or it is done: then nothing is written from here
     */
    public boolean pending(RunContext run, String conversationId, String recordingId, String reason, String detail,
                           Map<String, Object> failed, boolean held) {
        Instant next = nextAttempt(conversationId, recordingId, reason);
        if (!(held
                ? ledger.markPending(conversationId, recordingId, node, reason, detail, next)
                : ledger.markPending(conversationId, recordingId, reason, detail, next))) {
            notMine(conversationId, recordingId, reason);
            return false;
        }
        recordFailure(run, conversationId, recordingId, failed);
        custody.record(run, CustodyEvent.PENDING, conversationId, recordingId,
                Map.of("reason", reason, "nextAttempt", next.toString()));
        LOG.info("{}/{} pending: {}{}", conversationId, recordingId, reason, detail == null ? "" : " (" + detail + ")");
        listener.pending(conversationId, recordingId, reason);
        return true;
    }

    /** Terminal with its reason; the parameters and the answer as for {@link #pending}. */
    public boolean terminal(RunContext run, String conversationId, String recordingId, String reason, String detail,
                            Map<String, Object> failed, boolean held) {
        if (!(held
                ? ledger.markTerminal(conversationId, recordingId, node, reason, detail)
                : ledger.markTerminal(conversationId, recordingId, reason, detail))) {
            notMine(conversationId, recordingId, reason);
            return false;
        }
        recordFailure(run, conversationId, recordingId, failed);
        custody.record(run, CustodyEvent.TERMINAL, conversationId, recordingId, Map.of("reason", reason));
        LOG.warn("{}/{} terminal: {}", conversationId, recordingId, reason);
        listener.terminal(conversationId, recordingId, reason);
        return true;
    }

    /**
     * Delivered, by this node under its lease, once the destination confirmed what {@code delivery} says.
     *
     * @param note a note on the delivered recording (review-copy-unavailable), or null
     * @return false when the lease is this node's no longer: the node that took the recording over records it
     */
    public boolean delivered(RunContext run, String conversationId, String recordingId, Ledger.Delivery delivery,
                             String note) {
        if (!ledger.markDelivered(conversationId, recordingId, node, delivery)) {
            return false;
        }
        if (note != null) {
            ledger.noteDelivered(conversationId, recordingId, note);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key", delivery.key());
        details.put("sha256", delivery.sha256());
        details.put("size", delivery.size());
        details.put("location", delivery.location());
        // every file of the recording at the destination: an original and its review copy
        List<Map<String, Object>> files = new ArrayList<>();
        for (LedgerFile file : ledger.filesOf(conversationId, recordingId)) {
            if (file.confirmed()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("role", file.role());
                one.put("key", file.key());
                one.put("sha256", file.sha256());
                one.put("size", file.size());
                files.add(one);
            }
        }
        details.put("files", files);
        if (note != null) {
            details.put("note", note);
        }
        custody.record(run, CustodyEvent.DELIVERED, conversationId, recordingId, details);
        LOG.info("{}/{} delivered: {} ({} bytes, sha256 {})", conversationId, recordingId,
                delivery.key(), delivery.size(), delivery.sha256());
        listener.delivered(conversationId, recordingId, delivery.size());
        return true;
    }

    /**
     * Found complete at the destination while a dead run's bag is settled, by a node that never claimed it: false
     * when it is delivered already or a live node holds its lease.
     */
    public boolean recovered(String conversationId, String recordingId, Ledger.Delivery delivery) {
        return ledger.markDelivered(conversationId, recordingId, delivery);
    }

    /**
     * When to try again: the batch fallback is due at once; everything else backs off with the time the
     * recording has already waited (a quarter of it, between 5 seconds and an hour), so a brief fault is
     * retried soon and a long restore is not polled to death.
     */
    private Instant nextAttempt(String conversationId, String recordingId, String reason) {
        Instant now = ledger.now();
        if (Reason.NO_MEDIA_URL.equals(reason) || Reason.ORIGINAL_DUE.equals(reason)) {
            return now;
        }
        Instant since = ledger.row(conversationId, recordingId).map(LedgerRow::firstPendingAt).orElse(now);
        Duration delay = Duration.between(since, now).dividedBy(4);
        Duration least = Reason.MEDIA_STALLED.equals(reason) ? STALLED_AT_LEAST : Duration.ofSeconds(5);
        if (delay.compareTo(least) < 0) {
            delay = least;
        }
        if (delay.compareTo(Duration.ofHours(1)) > 0) {
            delay = Duration.ofHours(1);
        }
        return now.plus(delay);
    }

    private void recordFailure(RunContext run, String conversationId, String recordingId, Map<String, Object> failed) {
        if (failed != null) {
            custody.record(run, CustodyEvent.FAILED, conversationId, recordingId, failed);
        }
    }

    // another node holds the recording (or it is delivered or terminal already): no state, no custody from here
    private void notMine(String conversationId, String recordingId, String reason) {
        LOG.info("{}/{} not marked {}: another node holds it, or it is done", conversationId, recordingId, reason);
    }
}
