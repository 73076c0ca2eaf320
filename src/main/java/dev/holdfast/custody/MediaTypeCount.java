package dev.holdfast.custody;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The recordings of one media type ({@code audio}, {@code screen}, {@code email}, {@code chat}, {@code messaging})
 * in a reconciliation: found, and of those delivered, pending and terminal.
 */
public record MediaTypeCount(int found, int delivered, int pending, int terminal) {

    /** The media type of a recording the ledger never saw listed with one (an invalid id, an older ledger). */
    public static final String UNKNOWN = "unknown";

    /** This count plus one recording in the given state ({@code delivered}, {@code pending} or {@code terminal}). */
    public MediaTypeCount plus(String state) {
        return new MediaTypeCount(found + 1,
                delivered + (ReconciliationRow.DELIVERED.equals(state) ? 1 : 0),
                pending + (ReconciliationRow.PENDING.equals(state) ? 1 : 0),
                terminal + (ReconciliationRow.TERMINAL.equals(state) ? 1 : 0));
    }

    /** Adds one recording to a map of counts by media type (empty or null counts as {@link #UNKNOWN}). */
    public static void add(Map<String, MediaTypeCount> byType, String mediaType, String state) {
        String type = mediaType == null || mediaType.isBlank() ? UNKNOWN : mediaType;
        byType.put(type, byType.getOrDefault(type, new MediaTypeCount(0, 0, 0, 0)).plus(state));
    }

    /** Sorted by media type, so that the same reconciliation always renders the same. */
    public static Map<String, MediaTypeCount> sorted(Map<String, MediaTypeCount> byType) {
        return byType == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(byType));
    }

    /** {@code audio 45 (delivered 43, pending 1, terminal 1), email 4 (delivered 4)}: zero states left out. */
    public static String render(Map<String, MediaTypeCount> byType) {
        return byType.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().found() + e.getValue().states())
                .collect(Collectors.joining(", "));
    }

    private String states() {
        StringBuilder out = new StringBuilder();
        if (delivered > 0) {
            out.append("delivered ").append(delivered);
        }
        if (pending > 0) {
            out.append(out.length() > 0 ? ", " : "").append("pending ").append(pending);
        }
        if (terminal > 0) {
            out.append(out.length() > 0 ? ", " : "").append("terminal ").append(terminal);
        }
        return out.length() == 0 ? "" : " (" + out + ")";
    }
}
