package dev.holdfast.ledger;

/**
 * One file of a recording as the ledger knows it: the stored original or the review copy of an audio recording,
 * or the one file of any other kind. Planned before its first byte leaves, confirmed once the destination has it.
 *
 * @param role      {@code original} (as Genesys stores it) or {@code review} (transcoded to {@code holdfast.format})
 * @param key       its key at the destination ({@code holdfast-<run>/data/...})
 * @param bag       the bag it was written into
 * @param fetchPath {@code direct} or {@code batch}
 * @param confirmed the destination confirmed its size and SHA-256
 * @param md5       its MD5, computed in the pass that computed its SHA-256 (the load file's MD5); null for a file
 *                  a ledger of an earlier release recorded without it
 * @param sha1      its SHA-1, the same way (the load file's SHA1)
 * @param formatDelivered the format its bytes are in, with Genesys' formatId names ({@code OGG_OPUS}); null when
 *                  a ledger of an earlier release recorded it
 */
public record LedgerFile(String conversationId, String recordingId, String role, String key, String bag,
                         String sha256, long size, String contentType, String fetchPath, boolean confirmed,
                         String md5, String sha1, String formatDelivered) {

    public static final String ORIGINAL = "original";
    public static final String REVIEW = "review";
}
