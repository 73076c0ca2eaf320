package dev.holdfast.custody;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One action on one recording (or, for {@code summary}, on the whole run), as it goes into {@code custody.jsonl}.
 *
 * @param time           when it happened (UTC)
 * @param event          what happened: one of the names below, or a new one on purpose
 * @param conversationId the Genesys conversation id, or {@code null} for run-wide events
 * @param recordingId    the Genesys recording id, or {@code null} for run-wide events
 * @param actor          the OAuth client id the run used (never a secret)
 * @param node           the Holdfast node that acted
 * @param details        further facts in the order they are to be written (sha256, size, key, reason, …)
 */
public record CustodyEvent(Instant time, String event, String conversationId, String recordingId, String actor,
                           String node, Map<String, Object> details) {

    public static final String DISCOVERED = "discovered";
    /** Found only when the window was re-queried after the analytics data had settled. */
    public static final String LATE = "late";
    public static final String RESOLVED = "resolved";
    public static final String FALLBACK = "fallback";
    public static final String DOWNLOADED = "downloaded";
    public static final String DELIVERED = "delivered";
    public static final String CONFIRMED = "confirmed";
    public static final String FAILED = "failed";
    public static final String PENDING = "pending";
    public static final String TERMINAL = "terminal";
    public static final String SUMMARY = "summary";
    /** An earlier bag's RFC 3161 token (its bag, SHA-256 and time), chained as the first events of the next bag. */
    public static final String TIMESTAMPED = "timestamped";

    /** The fields every line carries, in their written order; details may not reuse them. */
    static final Set<String> FIXED = Set.of("time", "event", "conversationId", "recordingId", "actor", "node", "prev");

    public CustodyEvent {
        Objects.requireNonNull(time, "time");
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("a custody event needs a name");
        }
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        for (String key : details.keySet()) {
            if (key == null || FIXED.contains(key)) {
                // a detail named like a fixed field would make the line ambiguous to a reader
                throw new IllegalArgumentException("detail key clashes with a fixed custody field: " + key);
            }
        }
    }

    /** An event on one recording without details. */
    public static CustodyEvent of(Instant time, String event, String conversationId, String recordingId,
                                  String actor, String node) {
        return new CustodyEvent(time, event, conversationId, recordingId, actor, node, Map.of());
    }

    /** The same event with one more detail appended (details keep their order). */
    public CustodyEvent with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new CustodyEvent(time, event, conversationId, recordingId, actor, node, more);
    }

    /**
     * The run's closing line: the reconciliation counts and the payload bytes this bag carries.
     *
     * @param bytes payload octets in this bag (its Payload-Oxum octets)
     */
    public static CustodyEvent summary(Instant time, String actor, String node, Counts counts, long bytes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("heldConversations", counts.heldConversations());
        details.put("found", counts.found());
        details.put("delivered", counts.delivered());
        details.put("pending", counts.pending());
        details.put("terminal", counts.terminal());
        details.put("bytes", bytes);
        details.put("pendingByReason", counts.pendingByReason());
        details.put("terminalByReason", counts.terminalByReason());
        if (counts.open() > 0) {
            details.put("openConversationsByReason", counts.openByReason());
        }
        // {"audio": {"found": 45, "delivered": 43, "pending": 1, "terminal": 1}, "email": {...}}
        Map<String, Object> byMediaType = new LinkedHashMap<>();
        counts.byMediaType().forEach((type, c) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("found", c.found());
            one.put("delivered", c.delivered());
            one.put("pending", c.pending());
            one.put("terminal", c.terminal());
            byMediaType.put(type, one);
        });
        if (!byMediaType.isEmpty()) {
            details.put("byMediaType", byMediaType);
        }
        return new CustodyEvent(time, SUMMARY, null, null, actor, node, details);
    }
}
