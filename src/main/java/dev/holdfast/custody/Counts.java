package dev.holdfast.custody;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a run found and where each recording stands; the numbers close: found == delivered + pending + terminal.
 *
 * @param heldConversations conversations in the window that carry the hold attribute
 * @param found             in-scope recordings found
 * @param delivered         of those, delivered (by this bag or an earlier one)
 * @param pendingByReason   of those, still pending, by reason
 * @param terminalByReason  of those, never deliverable, by reason
 * @param openByReason      held conversations that may still get recordings (a call in progress, an upload), by reason
 * @param byMediaType       the recordings found, by media type ({@code audio}, {@code screen}, {@code email}, …)
 */
public record Counts(int heldConversations, int found, int delivered, Map<String, Integer> pendingByReason,
                     Map<String, Integer> terminalByReason, Map<String, Integer> openByReason,
                     Map<String, MediaTypeCount> byMediaType) {

    public Counts(int heldConversations, int found, int delivered, Map<String, Integer> pendingByReason,
                  Map<String, Integer> terminalByReason) {
        this(heldConversations, found, delivered, pendingByReason, terminalByReason, Map.of());
    }

    public Counts(int heldConversations, int found, int delivered, Map<String, Integer> pendingByReason,
                  Map<String, Integer> terminalByReason, Map<String, Integer> openByReason) {
        this(heldConversations, found, delivered, pendingByReason, terminalByReason, openByReason, Map.of());
    }

    public Counts {
        byMediaType = MediaTypeCount.sorted(byMediaType);
        pendingByReason = ordered(pendingByReason);
        terminalByReason = ordered(terminalByReason);
        openByReason = ordered(openByReason);
        int pending = sum(pendingByReason);
        int terminal = sum(terminalByReason);
        if (found != delivered + pending + terminal) {
            throw new IllegalArgumentException("counts do not close: found " + found + " != delivered " + delivered
                    + " + pending " + pending + " + terminal " + terminal);
        }
    }

    /**
     * The counts of a reconciliation: every row is one recording found, except the rows of open conversations
     * (no recording id), which are counted by their reason.
     */
    public static Counts of(int heldConversations, List<ReconciliationRow> rows) {
        int found = 0;
        int delivered = 0;
        Map<String, Integer> pending = new TreeMap<>();
        Map<String, Integer> terminal = new TreeMap<>();
        Map<String, Integer> open = new TreeMap<>();
        Map<String, MediaTypeCount> byMediaType = new TreeMap<>();
        for (ReconciliationRow row : rows) {
            if (row.openConversation()) {
                open.merge(row.reason(), 1, Integer::sum);
                continue;
            }
            found++;
            MediaTypeCount.add(byMediaType, row.mediaType(), row.state());
            switch (row.state()) {
                case ReconciliationRow.DELIVERED -> delivered++;
                case ReconciliationRow.PENDING -> pending.merge(row.reason(), 1, Integer::sum);
                default -> terminal.merge(row.reason(), 1, Integer::sum);
            }
        }
        return new Counts(heldConversations, found, delivered, pending, terminal, open, byMediaType);
    }

    /** Held conversations that may still get recordings. */
    public int open() {
        return sum(openByReason);
    }

    /** Recordings still pending. */
    public int pending() {
        return sum(pendingByReason);
    }

    /** Recordings that will never be delivered. */
    public int terminal() {
        return sum(terminalByReason);
    }

    /** True when nothing is pending and no held conversation is open: {@code export} exits 0, not 3. */
    public boolean complete() {
        return pending() == 0 && open() == 0;
    }

    /**
     * The line people read at the end of a run, e.g. {@code held conversations 37, recordings found 52:
     * delivered 47, pending 3 (transcoding 2, restoring 1), terminal 2 (deleted 2)}.
     */
    public String render() {
        return "held conversations " + heldConversations + (openByReason.isEmpty() ? "" : " (open" + reasons(openByReason) + ")")
                + ", recordings found " + found + ": delivered " + delivered
                + ", pending " + pending() + reasons(pendingByReason)
                + ", terminal " + terminal() + reasons(terminalByReason);
    }

    private static String reasons(Map<String, Integer> byReason) {
        if (byReason.isEmpty()) {
            return "";
        }
        return byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static int sum(Map<String, Integer> byReason) {
        return byReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Largest first, then by name: the order people scan, and the same every time; zero counts left out. */
    private static Map<String, Integer> ordered(Map<String, Integer> byReason) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        if (byReason == null) {
            return Map.of();
        }
        byReason.forEach((reason, count) -> {
            if (reason == null || count == null || count < 0) {
                throw new IllegalArgumentException("a count needs a reason and cannot be negative: " + reason);
            }
        });
        byReason.entrySet().stream()
                .filter(e -> e.getValue() != 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(sorted);
    }
}
