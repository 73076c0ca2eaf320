package dev.holdfast.resolve;

/** What can be done with a recording right now: the content-based router of route {@code resolve} reads it. */
public enum Readiness {
    /** A media URL is present: download it now. */
    READY,
    /** Genesys is still transcoding (202): wait, then resolve again next pass. */
    TRANSCODING,
    /** AVAILABLE but no media URL on the per-recording path: the batch-download fallback fetches it. */
    NO_URL,
    /** Archived: ask Genesys to restore it (when enabled), pending until restored. */
    ARCHIVED,
    /** Restoring or still uploading from the Edge: pending. */
    NOT_YET,
    /** Deleted or in error: it will never be delivered. */
    GONE
}
