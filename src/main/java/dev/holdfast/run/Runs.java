package dev.holdfast.run;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.discover.HeldConversation;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.safety.GenesysIds;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Starts and closes runs: which window a run covers (an explicit one, the scheduled one from the persisted
 * watermark with an overlap, or an earlier one re-queried once the analytics data has settled), recording what
 * discovery found (late finds among it), and the reconciliation at the end.
 */
public final class Runs {

    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);
    private static final String SCHEDULE_WATERMARK = "schedule";
    /** How long a run waits, at its end, for recordings that are due again soon (see {@link #recheckDelay()}). */
    private static final Duration RECHECK_WITHIN = Duration.ofSeconds(30);

    private final Ledger ledger;
    private final String node;
    private final String actor;
    private final Duration window;
    private final Duration overlap;
    private final Duration settle;
    private final CustodyRecorder custody;
    private final RejectedConversations rejected;

    public Runs(Ledger ledger, CustodyRecorder custody, RejectedConversations rejected, String node, String actor,
                Duration window, Duration overlap, Duration settle) {
        this.ledger = ledger;
        this.custody = custody;
        this.rejected = rejected;
        this.settle = settle;
        this.node = node;
        this.actor = actor;
        this.window = window;
        this.overlap = overlap;
    }

    /** {@code holdfast.window} ending now: what {@code export} covers without {@code --from/--to}. */
    public Window defaultWindow() {
        Instant now = ledger.now();
        return new Window(now.minus(window), now);
    }

    /**
     * The scheduled window: from the watermark less the overlap (late analytics data is found again and
     * absorbed by the ledger), or {@code holdfast.window} back on the very first run; up to now.
     */
    public Window scheduledWindow() {
        Instant now = ledger.now();
        Instant from = ledger.watermark(SCHEDULE_WATERMARK).map(w -> w.minus(overlap)).orElse(now.minus(window));
        return new Window(from.isBefore(now) ? from : now.minus(overlap), now);
    }

    /** @param settleCheck the window is re-queried after the data lake settled (what is new now is late) */
    public RunContext start(Window window, Boolean settleCheck) {
        // a process of this host killed mid-run freed nothing: its recordings, open bag and lock are due now
        int gone = ledger.voidLeasesOfGoneProcesses();
        if (gone > 0) {
            LOG.info("{} leases of processes of this host that are gone were voided: their work is taken over now", gone);
        }
        RunContext run = RunContext.start(window, node, actor, ledger.now(), Boolean.TRUE.equals(settleCheck));
        LOG.info("run {} starts: window {}{}", run.runId(), window, run.settleCheck() ? " (settle re-check)" : "");
        return run;
    }

    /**
     * Remembers a held conversation as soon as it is found; answers whether it is new (the ledger makes a
     * conversation seen twice one conversation). The settle re-check lists every held conversation of its window
     * once more: a recording that appears only then is late.
     */
    public boolean discovered(RunContext run, HeldConversation conversation) {
        if (!GenesysIds.isUuid(conversation.conversationId())) {
            // nothing is asked of Genesys or built into a path from a hostile id; the ledger keeps it, terminal
            rejected.rejectConversation(run, conversation.conversationId(), conversation.conversationStart());
            return false;
        }
        if (!ledger.recordConversation(conversation.conversationId(), conversation.conversationStart(),
                conversation.summary().toString(), run.runId())) {
            if (run.settleCheck()) {
                ledger.relistConversations(List.of(conversation.conversationId()));
            }
            return false;
        }
        custody.record(run, run.settleCheck() ? CustodyEvent.LATE : CustodyEvent.DISCOVERED, conversation.conversationId(),
                null, Map.of("conversationStart", conversation.conversationStart().toString()));
        if (run.settleCheck()) {
            LOG.warn("late: held conversation {} appeared only after the data lake settled", conversation.conversationId());
        }
        return true;
    }

    /** The scheduled run's window is remembered, to be re-queried once the analytics data has settled. */
    public void scheduledRunDone(Exchange exchange) {
        RunContext run = exchange.getProperty(RouteKeys.RUN, RunContext.class);
        // only the part not covered before is remembered: the overlap was already settled with its own window
        Instant newFrom = ledger.watermark(SCHEDULE_WATERMARK).filter(w -> w.isAfter(run.window().from()))
                .orElse(run.window().from());
        ledger.advanceWatermark(SCHEDULE_WATERMARK, run.window().to());
        if (newFrom.isBefore(run.window().to())) {
            ledger.recordWindow(newFrom, run.window().to());
        }
    }

    /** Windows of earlier scheduled runs whose analytics data has settled ({@code holdfast.settle} ago). */
    public List<Window> windowsToSettle() {
        return ledger.windowsToSettle(settle).stream().map(w -> new Window(w[0], w[1])).toList();
    }

    public void settled(Exchange exchange) {
        RunContext run = exchange.getProperty(RouteKeys.RUN, RunContext.class);
        ledger.markSettled(run.window().from(), run.window().to());
    }

    /**
     * Milliseconds until every pending recording that is due again within {@link #RECHECK_WITHIN} is due, or -1
     * when none is. A restore, a long transcode or a brief fault is often over within seconds: one more try in
     * this run costs one list call per conversation, where a whole new run would rediscover the window.
     */
    public long recheckDelay() {
        Instant now = ledger.now();
        return ledger.lastAttemptDueBy(now.plus(RECHECK_WITHIN))
                .map(due -> Math.max(0, Duration.between(now, due).toMillis())).orElse(-1L);
    }

    /** Conversations with work now: the ones just found and any with recordings due for another try. */
    public List<String> withWork() {
        return ledger.conversationsWithWork();
    }

    public RunSummary finish(RunContext run, int newConversations) {
        RunSummary summary = RunSummary.of(run, newConversations, ledger.conversationsIn(run.window().from(), run.window().to()),
                ledger.rowsIn(run.window().from(), run.window().to()), ledger.bagOpen(run.bag()));
        LOG.info("run {} done: {}", run.runId(), summary.render());
        return summary;
    }
}
