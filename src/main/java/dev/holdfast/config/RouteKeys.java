package dev.holdfast.config;

/**
 * Every exchange property and header name the routes ({@code routes/*.yaml}) and the beans share, spelt once. The
 * YAML cannot import these and keeps the literal names; RouteKeysTest fails on a name in the YAML not declared
 * here. It lives in config because the deliver beans need it too, and config imports no other package.
 */
public final class RouteKeys {

    // exchange properties

    /** The recording being worked on ({@code RecordingWork}). */
    public static final String WORK = "holdfastWork";
    /** The recording's spool file ({@code MediaFile}), once downloaded. */
    public static final String MEDIA = "holdfastMedia";
    public static final String CONVERSATION = "holdfastConversation";
    /** Set on a recording's exchange once it has an outcome: without one, a route step dropped it. */
    public static final String OUTCOME = "holdfastOutcome";
    /** The route the recording was last in (routeConfiguration holdfast-errors notes it). */
    public static final String ROUTE = "holdfastRoute";
    /** The run ({@code RunContext}). */
    public static final String RUN = "holdfastRun";
    /** How the recording's media is fetched: direct or batch. */
    public static final String PATH = "holdfastPath";
    /** The window is re-queried after the data lake settled: a recording new now is late. */
    public static final String SETTLE_CHECK = "holdfastSettleCheck";
    public static final String BAG = "holdfastBag";
    public static final String DEAD_RUN = "holdfastDeadRun";
    public static final String NEW_CONVERSATIONS = "holdfastNewConversations";
    public static final String RECHECK_IN = "holdfastRecheckIn";
    public static final String TOKEN = "holdfastToken";
    /** The recording ({@code conversation/recording}) this exchange holds the lease of, once it claimed it. */
    public static final String LEASE_HELD = "holdfastLeaseHeld";
    /** When operations saw the run start. */
    public static final String OPS_STARTED = "holdfastOpsStarted";
    /** The media's delivery, kept while the sidecar is delivered after it. */
    public static final String MEDIA_KEY = "holdfastMediaKey";
    public static final String MEDIA_LOCATION = "holdfastMediaLocation";
    public static final String MEDIA_ALREADY_PRESENT = "holdfastMediaAlreadyPresent";
    public static final String MEDIA_FSYNC = "holdfastMediaFsync";
    /** The conversation a node claimed from the run's shared work queue. */
    public static final String CLAIMED = "holdfastClaimed";
    /** Set on a run's exchange once its node counts it as under way (its worker then stays idle). */
    public static final String RUN_COUNTED = "holdfastRunCounted";

    // exchange properties a GenesysClient call hands its route in genesys.camel.yaml (ids already percent-encoded)

    public static final String GENESYS_CONVERSATION_ID = "genesysConversationId";
    public static final String GENESYS_RECORDING_ID = "genesysRecordingId";
    /** An analytics details job or a batch download job. */
    public static final String GENESYS_JOB_ID = "genesysJobId";
    /** Conversation ids, comma-separated. */
    public static final String GENESYS_IDS = "genesysIds";
    public static final String GENESYS_MAX_WAIT_MS = "genesysMaxWaitMs";
    public static final String GENESYS_PAGE_SIZE = "genesysPageSize";
    /** The paging cursor of the page before; absent for the first page. */
    public static final String GENESYS_CURSOR = "genesysCursor";
    /** The media is an audio recording's review copy, delivered ahead of its stored original (batch download). */
    public static final String REVIEW_AHEAD = "holdfastReviewAhead";

    // headers: what route store hands to a destination, and what the destination answers

    public static final String KEY = "HoldfastKey";
    public static final String SHA256 = "HoldfastSha256";
    public static final String SIZE = "HoldfastSize";
    public static final String CONTENT_TYPE = "HoldfastContentType";
    public static final String LOCATION = "HoldfastLocation";
    public static final String ALREADY_PRESENT = "HoldfastAlreadyPresent";
    /** Set by the destination route: how the media was put on stable storage (the sidecar's {@code fsync}). */
    public static final String FSYNC = "HoldfastFsync";

    private RouteKeys() {
    }
}
