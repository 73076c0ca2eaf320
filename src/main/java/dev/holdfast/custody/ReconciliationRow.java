package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One in-scope recording's standing in {@code reconciliation.csv}, or an open held conversation's: one that may
 * still get recordings (pending {@code in-call} or {@code uploading}), with an empty recording id.
 *
 * @param conversationId the Genesys conversation id
 * @param recordingId    the Genesys recording id; empty on the row of an open conversation
 * @param state          {@code delivered}, {@code pending} or {@code terminal}
 * @param reason         why pending or terminal (transcoding, restoring, deleted, …); may be empty when delivered
 * @param bag            the bag that holds it ({@code holdfast-<runId>}), when delivered
 * @param path           its payload path in that bag ({@code data/…}), when delivered
 * @param sha256         hex SHA-256 of the delivered bytes, when delivered
 * @param attempts       how many times it was tried
 * @param nextAttempt    when it is next tried, when pending; {@code null} otherwise
 * @param mediaType      the recording's media type as Genesys listed it ({@code audio}, {@code screen}, {@code email},
 *                       {@code chat}, {@code messaging}); empty when not known and on an open conversation's row
 */
public record ReconciliationRow(String conversationId, String recordingId, String state, String reason, String bag,
                                String path, String sha256, int attempts, Instant nextAttempt, String mediaType) {

    /** A row whose media type is not known. */
    public ReconciliationRow(String conversationId, String recordingId, String state, String reason, String bag,
                             String path, String sha256, int attempts, Instant nextAttempt) {
        this(conversationId, recordingId, state, reason, bag, path, sha256, attempts, nextAttempt, "");
    }

    public static final String DELIVERED = "delivered";
    public static final String PENDING = "pending";
    public static final String TERMINAL = "terminal";

    /** The row of a held conversation that may still get recordings: the call goes on, or a recording uploads. */
    public static ReconciliationRow openConversation(String conversationId, String reason) {
        return new ReconciliationRow(conversationId, "", PENDING, reason, "", "", "", 0, null);
    }

    private static final Set<String> STATES = Set.of(DELIVERED, PENDING, TERMINAL);

    public ReconciliationRow {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(recordingId, "recordingId");
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("state must be delivered, pending or terminal: " + state);
        }
        if (!DELIVERED.equals(state) && (reason == null || reason.isBlank())) {
            // the promise of the reconciliation: whatever is not delivered says why
            throw new IllegalArgumentException(state + " recording " + recordingId + " needs a reason");
        }
        if (sha256 != null && !sha256.isEmpty()) {
            Sha256.requireHex(sha256, "sha256");
        }
        if (recordingId.isEmpty() && !PENDING.equals(state)) {
            throw new IllegalArgumentException("a row without a recording id is an open conversation's, pending: " + state);
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative: " + attempts);
        }
        mediaType = mediaType == null ? "" : mediaType;
    }

    /** Whether this row stands for an open conversation rather than a recording. */
    public boolean openConversation() {
        return recordingId.isEmpty();
    }
}
