package dev.holdfast.ledger;

import java.time.Instant;

/**
 * One recording as the ledger knows it.
 *
 * @param media the recording's media type as Genesys listed it ({@code audio}, {@code screen}, {@code email},
 *              {@code chat}, {@code messaging}); null when it was never listed with one (an invalid id, an older ledger)
 */
public record LedgerRow(String conversationId, String recordingId, Instant conversationStart, RecordingState state,
                        String reason, String detail, int attempts, Instant nextAttempt, String destinationKey,
                        String sha256, Long size, String contentType, String fetchPath, String bag,
                        Instant firstPendingAt, String sidecarSha256, long sidecarSize, String media) {
}
