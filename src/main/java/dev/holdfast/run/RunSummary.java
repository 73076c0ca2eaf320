package dev.holdfast.run;

import dev.holdfast.config.ExitCode;
import dev.holdfast.custody.MediaTypeCount;
import dev.holdfast.custody.ReconciliationRow;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reconciliation of a window as the ledger sees it after a run: every held recording found is
 * delivered, pending (why) or terminal (why), and the counts close.
 *
 * @param bagLeftOpen the run's bag could not be sealed now (another node kept the seal lock): the next run seals it
 * @param timestampsPending sealed bags still without their RFC 3161 timestamp (the TSA gave none yet)
 * @param byMediaType the recordings found, by media type ({@code audio}, {@code screen}, {@code email}, …)
 */
public record RunSummary(String runId, String window, boolean settleCheck, int newConversations,
                         int heldConversations, int conversationsWithoutRecordings,
                         int conversationsNotListed, int found, int delivered, int deliveredThisRun,
                         long bytesDeliveredThisRun, Map<String, Integer> pending, Map<String, Integer> terminal,
                         Map<String, Integer> open, boolean bagLeftOpen, int timestampsPending,
                         Map<String, MediaTypeCount> byMediaType) {

    public static RunSummary of(RunContext run, int newConversations, List<Ledger.ConversationCount> conversations,
                                List<LedgerRow> rows, boolean bagLeftOpen) {
        int withoutRecordings = 0;
        int notListed = 0;
        Map<String, Integer> open = new TreeMap<>();
        for (Ledger.ConversationCount c : conversations) {
            if (c.open()) {
                open.merge(c.openReason(), 1, Integer::sum);
            }
            if (!c.recordingsListed()) {
                notListed++;
            } else if (c.recordings() == 0) {
                withoutRecordings++;
            }
        }
        int delivered = 0;
        int deliveredNow = 0;
        long bytesNow = 0;
        Map<String, Integer> pending = new TreeMap<>();
        Map<String, Integer> terminal = new TreeMap<>();
        Map<String, MediaTypeCount> byMediaType = new TreeMap<>();
        for (LedgerRow row : rows) {
            MediaTypeCount.add(byMediaType, row.media(), switch (row.state()) {
                case DELIVERED -> ReconciliationRow.DELIVERED;
                case TERMINAL -> ReconciliationRow.TERMINAL;
                default -> ReconciliationRow.PENDING;
            });
            switch (row.state()) {
                case DELIVERED -> {
                    delivered++;
                    if (run.bag().equals(row.bag())) {
                        deliveredNow++;
                        bytesNow += row.size() == null ? 0 : row.size();
                    }
                }
                case TERMINAL -> terminal.merge(row.reason(), 1, Integer::sum);
                case PENDING -> pending.merge(row.reason(), 1, Integer::sum);
                case IN_PROGRESS -> pending.merge(Reason.IN_PROGRESS, 1, Integer::sum);
            }
        }
        return new RunSummary(run.runId(), run.window().toString(), run.settleCheck(), newConversations,
                conversations.size(), withoutRecordings, notListed,
                rows.size(), delivered, deliveredNow, bytesNow, pending, terminal, open, bagLeftOpen, 0,
                MediaTypeCount.sorted(byMediaType));
    }

    /** The same reconciliation, knowing how many sealed bags still wait for their timestamp. */
    public RunSummary withTimestampsPending(int count) {
        return new RunSummary(runId, window, settleCheck, newConversations, heldConversations,
                conversationsWithoutRecordings, conversationsNotListed, found, delivered, deliveredThisRun,
                bytesDeliveredThisRun, pending, terminal, open, bagLeftOpen, count, byMediaType);
    }

    public int pendingCount() {
        return pending.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Held conversations that may still get recordings: a call in progress, a recording still uploading. */
    public int openCount() {
        return open.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int terminalCount() {
        return terminal.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Held conversations found only when the window was re-queried after the data lake settled. */
    public int late() {
        return settleCheck ? newConversations : 0;
    }

    /**
     * 0 when every recording found is delivered or terminal, every conversation was listed after it had ended
     * (none is open: a call in progress may still get recordings) and the run's bag is sealed; 3 otherwise (an
     * unsealed bag is incomplete at the destination until a later run seals it; a bag without its timestamp has
     * no proof of when it was sealed until a later run gets one).
     */
    public ExitCode exitCode() {
        return pendingCount() > 0 || conversationsNotListed > 0 || openCount() > 0 || bagLeftOpen || timestampsPending > 0
                ? ExitCode.PENDING : ExitCode.COMPLETE;
    }

    /** The reconciliation for people, printed at the end of every run. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("window ").append(window).append(" (run ").append(runId)
                .append(settleCheck ? ", settle re-check: " + newConversations + " late" : "").append(")\n");
        out.append("held conversations ").append(heldConversations);
        if (conversationsWithoutRecordings > 0) {
            out.append(" (").append(conversationsWithoutRecordings).append(" without recordings)");
        }
        if (conversationsNotListed > 0) {
            out.append(" (").append(conversationsNotListed).append(" not yet listed)");
        }
        if (openCount() > 0) {
            // a call in progress or a recording still uploading: more recordings may come
            out.append(" (open:");
            open.forEach((reason, n) -> out.append(' ').append(reason).append(' ').append(n));
            out.append(')');
        }
        out.append(", recordings found ").append(found).append(": delivered ").append(delivered)
                .append(" (").append(deliveredThisRun).append(" in this run, ").append(bytesDeliveredThisRun).append(" bytes)")
                .append(", pending ").append(pendingCount()).append(reasons(pending))
                .append(", terminal ").append(terminalCount()).append(reasons(terminal));
        if (!byMediaType.isEmpty()) {
            out.append("\nby media type: ").append(MediaTypeCount.render(byMediaType));
        }
        if (bagLeftOpen) {
            out.append("; bag holdfast-").append(runId).append(" left open (another node was sealing): the next run seals it");
        }
        if (timestampsPending > 0) {
            out.append("; ").append(timestampsPending).append(" sealed bag(s) still without a timestamp: the next run asks the TSA again");
        }
        return out.toString();
    }

    private static String reasons(Map<String, Integer> byReason) {
        if (byReason.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(" (");
        byReason.forEach((reason, n) -> out.append(out.length() > 2 ? ", " : "").append(reason).append(' ').append(n));
        return out.append(')').toString();
    }
}
