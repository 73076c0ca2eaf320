package dev.holdfast.sandbox;

import java.time.Instant;

/**
 * One recording of a held conversation as the sandbox will serve it: whether it can be exported, and the
 * SHA-256, size and content type of its direct (per-recording URL) and batch-download bytes.
 * The hashes are null (sizes 0) for DELETED and ERROR recordings, which have no media. {@code media} is the
 * Recording's ({@code audio}, {@code screen}, {@code email}, {@code chat}, {@code messaging}); {@code mediaSubtype}
 * is null for email, chat and messaging.
 */
public record HeldRecording(String conversationId, String recordingId, Instant conversationStart, String mediaSubtype,
        String media,
        boolean exportable,
        String terminalReason,
        boolean batchOnly,
        boolean archived,
        String directSha256, long directSize, String directContentType,
        String batchSha256, long batchSize, String batchContentType) {
}
