package dev.holdfast.ledger;

/**
 * Every reason the exporter writes to the ledger, the reconciliation and the custody log (DESIGN.md section 8):
 * the strings are a contract with existing ledgers and reports, so they are spelt here once. It lives in the
 * ledger package because every package that writes a reason imports the ledger already, and the ledger imports none.
 */
public final class Reason {

    /** Genesys is still transcoding the recording (or the list answered 202 to the end). */
    public static final String TRANSCODING = "transcoding";
    /** Available without a media URL: the batch download fetches it. */
    public static final String NO_MEDIA_URL = "no-media-url";
    public static final String ARCHIVED = "archived";
    public static final String RESTORING = "restoring";
    /** Archived, and restoring is switched off: terminal. */
    public static final String ARCHIVED_RESTORE_DISABLED = "archived-restore-disabled";
    public static final String DELETED = "deleted";
    public static final String READY = "ready";
    /** A conversation still open because a call is in progress. */
    public static final String IN_CALL = "in-call";
    /** A conversation still open because a recording is uploading from the Edge. */
    public static final String UPLOADING = "uploading";
    /** A recording that a route step dropped; {@link #excluded(String)} adds the route. */
    public static final String EXCLUDED = "excluded";
    public static final String MEDIA_STALLED = "media-stalled";
    public static final String INVALID_ID = "invalid-id";
    public static final String CORRUPT_MEDIA = "corrupt-media";
    public static final String MEDIA_HOST_NOT_ALLOWED = "media-host-not-allowed";
    public static final String MEDIA_UNAVAILABLE = "media-unavailable";
    public static final String DESTINATION_CONFLICT = "destination-conflict";
    public static final String LOCAL_IO_ERROR = "local-io-error";
    public static final String GENESYS_UNAVAILABLE = "genesys-unavailable";
    public static final String BATCH_ERROR = "batch-error";
    public static final String BATCH_NO_RESULT = "batch-no-result";
    /** Pending again after the process stopped with the recording in flight. */
    public static final String INTERRUPTED = "interrupted";
    /** The review copy is delivered (or not asked for): the stored original comes next, by batch download. */
    public static final String ORIGINAL_DUE = "original-due";
    /** A note on a delivered original: Genesys served no review copy (no media URL), so the original alone is delivered. */
    public static final String REVIEW_COPY_UNAVAILABLE = "review-copy-unavailable";
    /** Shown for a recording in flight (its row has no reason). */
    public static final String IN_PROGRESS = "in-progress";
    /** A failure with no cause known, or a row without a reason. */
    public static final String UNKNOWN = "unknown";

    private Reason() {
    }

    /** {@code excluded:<route>}: dropped by a step of that route. */
    public static String excluded(String route) {
        return EXCLUDED + ":" + route;
    }

    /** {@code genesys-<code>}: Genesys refused a request with that status. */
    public static String genesys(String code) {
        return "genesys-" + code;
    }

    /** {@code error-<Class>}: a failure no other reason names. */
    public static String error(Throwable failure) {
        return "error-" + failure.getClass().getSimpleName();
    }

    /** A Genesys {@code fileState} as a reason, lower case: {@code uploading}, {@code restoring}, {@code deleted}. */
    public static String fileState(String fileState) {
        return fileState.toLowerCase();
    }

    /** {@code <fileState>:<errorStatus>} of a recording gone for good, or its file state alone without a status. */
    public static String gone(String fileState, String errorStatus) {
        return errorStatus == null ? fileState(fileState) : fileState(fileState) + ":" + errorStatus;
    }
}
