package dev.holdfast.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The seeded, immutable description of a sandbox org and its faults: every value the sandbox serves derives from it. */
public final class Scenario {

    private final long seed;
    private final int conversations;
    private final Duration span;
    private final double heldShare;
    private final double transferShare;
    private final double longCallShare;
    private final double transcodingShare;
    private final double nullUrlShare;
    private final double staleUrlShare;
    private final double archivedShare;
    private final double deletedShare;
    private final double errorShare;
    private final double repeatedShare;
    private final double rate429;
    private final double rate5xx;
    private final Duration tokenLifetime;
    private final Duration dataLakeLag;
    private final int mediaBytesMin;
    private final int mediaBytesMax;
    private final long bigRecording;
    private final int rateLimitPerMinute;
    private final Duration mediaUrlTtl;
    private final Duration restoreDelay;
    private final int lateConversations;
    private final Duration revealAfter;
    private final int liveCalls;
    private final Duration liveCallRemaining;
    private final Duration liveCallUpload;
    private final int liveUnheldCalls;
    private final String clientId;
    private final String clientSecret;
    private final boolean maliciousIds;
    private final Map<String, String> extraClients;
    private final List<String> agentNames;
    private final List<String> queueNames;
    private final List<String> mediaTypes;

    /** The media types besides voice a scenario can add conversations of (analytics' session {@code mediaType}). */
    public static final List<String> OTHER_MEDIA_TYPES = List.of("email", "chat", "message");
    private final Instant clockStart;
    private final Duration arrivals;

    private Scenario(Builder b) {
        this.seed = b.seed;
        this.conversations = b.conversations;
        this.span = b.span;
        this.heldShare = b.heldShare;
        this.transferShare = b.transferShare;
        this.longCallShare = b.longCallShare;
        this.transcodingShare = b.transcodingShare;
        this.nullUrlShare = b.nullUrlShare;
        this.staleUrlShare = b.staleUrlShare;
        this.archivedShare = b.archivedShare;
        this.deletedShare = b.deletedShare;
        this.errorShare = b.errorShare;
        this.repeatedShare = b.repeatedShare;
        this.rate429 = b.rate429;
        this.rate5xx = b.rate5xx;
        this.tokenLifetime = b.tokenLifetime;
        this.dataLakeLag = b.dataLakeLag;
        this.mediaBytesMin = b.mediaBytesMin;
        this.mediaBytesMax = b.mediaBytesMax;
        this.bigRecording = b.bigRecording;
        this.rateLimitPerMinute = b.rateLimitPerMinute;
        this.mediaUrlTtl = b.mediaUrlTtl;
        this.restoreDelay = b.restoreDelay;
        this.lateConversations = b.lateConversations;
        this.revealAfter = b.revealAfter;
        this.liveCalls = b.liveCalls;
        this.liveCallRemaining = b.liveCallRemaining;
        this.liveCallUpload = b.liveCallUpload;
        this.liveUnheldCalls = b.liveUnheldCalls;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.maliciousIds = b.maliciousIds;
        this.extraClients = Map.copyOf(b.extraClients);
        this.agentNames = List.copyOf(b.agentNames);
        this.queueNames = List.copyOf(b.queueNames);
        this.mediaTypes = List.copyOf(b.mediaTypes);
        this.clockStart = b.clockStart;
        this.arrivals = b.arrivals;
    }

    /** The "field report" org: 48 h of ~120 calls, ~30% held, the everyday faults, no injected 429/5xx. */
    public static Scenario defaults(long seed) {
        return new Builder(seed).build();
    }

    /** The defaults plus a hostile API: 429 and 5xx storms, 20 s tokens, more archived/deleted, repeats, 6 h lag. */
    public static Scenario harsh(long seed) {
        return new Builder(seed)
                .rate429(0.20).rate5xx(0.05)
                .tokenLifetime(Duration.ofSeconds(20))
                .archivedShare(0.12).deletedShare(0.08)
                .repeatedShare(0.05)
                .dataLakeLag(Duration.ofHours(6))
                .build();
    }

    /** A builder starting from {@link #defaults(long)}. */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public long seed() { return seed; }
    public int conversations() { return conversations; }
    public Duration span() { return span; }
    public double heldShare() { return heldShare; }
    public double transferShare() { return transferShare; }
    public double longCallShare() { return longCallShare; }
    public double transcodingShare() { return transcodingShare; }
    public double nullUrlShare() { return nullUrlShare; }
    public double staleUrlShare() { return staleUrlShare; }
    public double archivedShare() { return archivedShare; }
    public double deletedShare() { return deletedShare; }
    public double errorShare() { return errorShare; }
    public double repeatedShare() { return repeatedShare; }
    public double rate429() { return rate429; }
    public double rate5xx() { return rate5xx; }
    public Duration tokenLifetime() { return tokenLifetime; }
    public Duration dataLakeLag() { return dataLakeLag; }
    public int mediaBytesMin() { return mediaBytesMin; }
    public int mediaBytesMax() { return mediaBytesMax; }
    public long bigRecording() { return bigRecording; }
    public int rateLimitPerMinute() { return rateLimitPerMinute; }
    public Duration mediaUrlTtl() { return mediaUrlTtl; }
    public Duration restoreDelay() { return restoreDelay; }
    public int lateConversations() { return lateConversations; }
    public Duration revealAfter() { return revealAfter; }
    public int liveCalls() { return liveCalls; }
    public Duration liveCallRemaining() { return liveCallRemaining; }
    public Duration liveCallUpload() { return liveCallUpload; }
    public int liveUnheldCalls() { return liveUnheldCalls; }
    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    public boolean maliciousIds() { return maliciousIds; }
    /** Further OAuth clients (id to secret) the login accepts besides {@link #clientId()}. */
    public Map<String, String> extraClients() { return extraClients; }
    /** The agents' names, by agent number; empty: {@code Agent <n>}. */
    public List<String> agentNames() { return agentNames; }
    /** The queues agents take calls from (each agent always the same one). */
    public List<String> queueNames() { return queueNames; }
    /** Media types of the conversations added besides the voice calls ({@link Builder#mediaTypes}); empty by default. */
    public List<String> mediaTypes() { return mediaTypes; }
    /** The org's time when the sandbox starts, or null: the real clock's. */
    public Instant clockStart() { return clockStart; }
    /** How long calls keep arriving after the start (zero: every seeded call has ended before it). */
    public Duration arrivals() { return arrivals; }

    @Override
    public String toString() {
        return "Scenario{seed=" + seed + ", conversations=" + conversations + ", span=" + span
                + ", held=" + heldShare + ", rate429=" + rate429 + ", rate5xx=" + rate5xx + "}";
    }

    /** Collects scenario values; every setter is optional and starts at the defaults. */
    public static final class Builder {
        private final long seed;
        private int conversations = 120;
        private Duration span = Duration.ofHours(48);
        private double heldShare = 0.30;
        private double transferShare = 0.30;
        private double longCallShare = 0.10;
        private double transcodingShare = 0.15;
        private double nullUrlShare = 0.15;
        private double staleUrlShare = 0.10;
        private double archivedShare = 0.06;
        private double deletedShare = 0.03;
        private double errorShare = 0.02;
        private double repeatedShare = 0.0;
        private double rate429 = 0.0;
        private double rate5xx = 0.0;
        private Duration tokenLifetime = Duration.ofHours(24);
        private Duration dataLakeLag = Duration.ofHours(2);
        private int mediaBytesMin = 16 * 1024;
        private int mediaBytesMax = 96 * 1024;
        private long bigRecording = 0;
        private int rateLimitPerMinute = 300;
        private Duration mediaUrlTtl = Duration.ofMinutes(1);
        private Duration restoreDelay = Duration.ofSeconds(2);
        private int lateConversations;
        private Duration revealAfter = Duration.ZERO;
        private int liveCalls;
        private Duration liveCallRemaining = Duration.ofSeconds(20);
        private Duration liveCallUpload = Duration.ofSeconds(4);
        private int liveUnheldCalls;
        private String clientId = "holdfast-demo";
        private String clientSecret = "holdfast-demo";
        private boolean maliciousIds = false;
        private final Map<String, String> extraClients = new LinkedHashMap<>();
        private List<String> agentNames = List.of();
        private List<String> queueNames = List.of("Sales", "Support");
        private List<String> mediaTypes = List.of();
        private Instant clockStart;
        private Duration arrivals = Duration.ZERO;

        private Builder(long seed) {
            this.seed = seed;
        }

        private Builder(Scenario s) {
            this.seed = s.seed;
            this.conversations = s.conversations;
            this.span = s.span;
            this.heldShare = s.heldShare;
            this.transferShare = s.transferShare;
            this.longCallShare = s.longCallShare;
            this.transcodingShare = s.transcodingShare;
            this.nullUrlShare = s.nullUrlShare;
            this.staleUrlShare = s.staleUrlShare;
            this.archivedShare = s.archivedShare;
            this.deletedShare = s.deletedShare;
            this.errorShare = s.errorShare;
            this.repeatedShare = s.repeatedShare;
            this.rate429 = s.rate429;
            this.rate5xx = s.rate5xx;
            this.tokenLifetime = s.tokenLifetime;
            this.dataLakeLag = s.dataLakeLag;
            this.mediaBytesMin = s.mediaBytesMin;
            this.mediaBytesMax = s.mediaBytesMax;
            this.bigRecording = s.bigRecording;
            this.rateLimitPerMinute = s.rateLimitPerMinute;
            this.mediaUrlTtl = s.mediaUrlTtl;
            this.restoreDelay = s.restoreDelay;
            this.lateConversations = s.lateConversations;
            this.revealAfter = s.revealAfter;
            this.liveCalls = s.liveCalls;
            this.liveCallRemaining = s.liveCallRemaining;
            this.liveCallUpload = s.liveCallUpload;
            this.liveUnheldCalls = s.liveUnheldCalls;
            this.clientId = s.clientId;
            this.clientSecret = s.clientSecret;
            this.maliciousIds = s.maliciousIds;
            this.extraClients.putAll(s.extraClients);
            this.agentNames = s.agentNames;
            this.queueNames = s.queueNames;
            this.mediaTypes = s.mediaTypes;
            this.clockStart = s.clockStart;
            this.arrivals = s.arrivals;
        }

        public Builder conversations(int n) { this.conversations = atLeast(n, 0, "conversations"); return this; }
        public Builder span(Duration d) { this.span = positive(d, "span"); return this; }
        public Builder heldShare(double v) { this.heldShare = share(v, "heldShare"); return this; }
        public Builder transferShare(double v) { this.transferShare = share(v, "transferShare"); return this; }
        public Builder longCallShare(double v) { this.longCallShare = share(v, "longCallShare"); return this; }
        public Builder transcodingShare(double v) { this.transcodingShare = share(v, "transcodingShare"); return this; }
        public Builder nullUrlShare(double v) { this.nullUrlShare = share(v, "nullUrlShare"); return this; }
        public Builder staleUrlShare(double v) { this.staleUrlShare = share(v, "staleUrlShare"); return this; }
        public Builder archivedShare(double v) { this.archivedShare = share(v, "archivedShare"); return this; }
        public Builder deletedShare(double v) { this.deletedShare = share(v, "deletedShare"); return this; }
        public Builder errorShare(double v) { this.errorShare = share(v, "errorShare"); return this; }
        public Builder repeatedShare(double v) { this.repeatedShare = share(v, "repeatedShare"); return this; }
        public Builder rate429(double v) { this.rate429 = share(v, "rate429"); return this; }
        public Builder rate5xx(double v) { this.rate5xx = share(v, "rate5xx"); return this; }
        public Builder tokenLifetime(Duration d) { this.tokenLifetime = positive(d, "tokenLifetime"); return this; }
        public Builder dataLakeLag(Duration d) {
            Objects.requireNonNull(d, "dataLakeLag");
            if (d.isNegative()) throw new IllegalArgumentException("dataLakeLag must not be negative");
            this.dataLakeLag = d;
            return this;
        }
        /** Size range in bytes of ordinary recordings' direct (WAV) media. */
        public Builder mediaBytes(int min, int max) {
            if (min < 64 || max < min) throw new IllegalArgumentException("mediaBytes needs 64 <= min <= max");
            this.mediaBytesMin = min;
            this.mediaBytesMax = max;
            return this;
        }
        /** Adds one held conversation whose single Trunk recording has this many bytes of direct media; 0 = none. */
        public Builder bigRecording(long bytes) {
            if (bytes != 0 && (bytes < 64 || bytes > Integer.MAX_VALUE)) {
                // Recording.outputSizeInBytes is an int in the Genesys models
                throw new IllegalArgumentException("bigRecording must be 0 or 64.." + Integer.MAX_VALUE);
            }
            this.bigRecording = bytes;
            return this;
        }
        public Builder rateLimitPerMinute(int n) { this.rateLimitPerMinute = atLeast(n, 1, "rateLimitPerMinute"); return this; }
        public Builder mediaUrlTtl(Duration d) { this.mediaUrlTtl = positive(d, "mediaUrlTtl"); return this; }
        /**
         * Analytics data arriving late: the first {@code count} held conversations stay invisible to every query
         * and to their own record until {@code revealAfter} has passed since the sandbox started.
         */
        public Builder lateConversations(int count, Duration revealAfter) {
            if (count < 0 || revealAfter.isNegative()) throw new IllegalArgumentException("late conversations must be >= 0");
            this.lateConversations = count;
            this.revealAfter = revealAfter;
            return this;
        }

        /**
         * Held calls still in progress when the sandbox starts: the IVR set the hold a minute and a half ago and put
         * the caller through to an agent, who transfers to a second agent after half of {@code remaining}; the call
         * ends after {@code remaining}. Each leg's recording appears only once its leg has ended, and is
         * {@code UPLOADING} for {@code upload} before it is {@code AVAILABLE}.
         */
        public Builder liveCalls(int count, Duration remaining, Duration upload) {
            if (count < 0) throw new IllegalArgumentException("liveCalls must be >= 0");
            this.liveCalls = count;
            this.liveCallRemaining = positive(remaining, "remaining");
            this.liveCallUpload = positive(upload, "upload");
            return this;
        }

        /**
         * Calls still in progress when the sandbox starts, like {@link #liveCalls} (same timing), but with no hold:
         * nothing marks them held, so an exporter must not take them as settled before they end.
         */
        public Builder liveUnheldCalls(int count) {
            if (count < 0) throw new IllegalArgumentException("liveUnheldCalls must be >= 0");
            this.liveUnheldCalls = count;
            return this;
        }

        public Builder restoreDelay(Duration d) {
            Objects.requireNonNull(d, "restoreDelay");
            if (d.isNegative()) throw new IllegalArgumentException("restoreDelay must not be negative");
            this.restoreDelay = d;
            return this;
        }
        public Builder clientId(String v) { this.clientId = Objects.requireNonNull(v, "clientId"); return this; }
        public Builder clientSecret(String v) { this.clientSecret = Objects.requireNonNull(v, "clientSecret"); return this; }
        public Builder maliciousIds(boolean v) { this.maliciousIds = v; return this; }
        /** Accepts one more OAuth client, e.g. to show that a batch job is readable only by its submitter. */
        public Builder extraClient(String id, String secret) {
            this.extraClients.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Names for the agents instead of {@code Agent <n>} (agent n gets the name at n modulo their number): names
         * that hold what a load file must carry through (þ, ®, the byte 0x14, quotes, line breaks).
         */
        public Builder agentNames(List<String> names) { this.agentNames = List.copyOf(names); return this; }
        /** The queues' names (at least one); each agent takes its calls from one of them. */
        public Builder queueNames(List<String> names) {
            if (names.isEmpty()) throw new IllegalArgumentException("queueNames needs at least one queue");
            this.queueNames = List.copyOf(names);
            return this;
        }

        /**
         * Adds, for each of these media types ({@code email}, {@code chat}, {@code message}), a tenth of
         * {@link #conversations} (at least 4) conversations of that type, held at {@link #heldShare}: a customer and
         * an agent, and one recording (media {@code email}, {@code chat} or {@code messaging}) served as EML or ZIP,
         * its transcript inline. They share the recording faults (archived, deleted, no media URL, …) with the calls.
         * Empty (the default) keeps a scenario's voice calls, ids and bytes exactly as they were.
         */
        public Builder mediaTypes(List<String> types) {
            for (String type : types) {
                if (!OTHER_MEDIA_TYPES.contains(type)) {
                    throw new IllegalArgumentException("mediaTypes are among " + OTHER_MEDIA_TYPES + ", not " + type);
                }
            }
            this.mediaTypes = List.copyOf(new java.util.LinkedHashSet<>(types));
            return this;
        }

        /**
         * Starts the org's clock at this instant instead of the real now (it then runs at the real pace, and
         * {@link GenesysSandbox#advanceClock} moves it on): a simulation can run hours of an org, at a time of day of
         * its choice, without waiting for them. Every seeded time is relative to it.
         */
        public Builder clockStart(Instant start) { this.clockStart = Objects.requireNonNull(start, "clockStart"); return this; }

        /**
         * A busy org: calls keep arriving for this long after the start, at the same rate as before it (the
         * conversations are spread over the span and this), each unknown to every endpoint until it starts and in
         * progress until it ends. Zero (the default): every seeded call has ended when the sandbox starts.
         */
        public Builder arrivals(Duration d) {
            Objects.requireNonNull(d, "arrivals");
            if (d.isNegative()) throw new IllegalArgumentException("arrivals must not be negative");
            this.arrivals = d;
            return this;
        }

        public Scenario build() {
            return new Scenario(this);
        }

        private static double share(double v, String name) {
            if (!(v >= 0.0 && v <= 1.0)) throw new IllegalArgumentException(name + " must be within 0..1");
            return v;
        }

        private static int atLeast(int v, int min, String name) {
            if (v < min) throw new IllegalArgumentException(name + " must be >= " + min);
            return v;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive");
            return d;
        }
    }
}
