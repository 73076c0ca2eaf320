package dev.holdfast.run;

import dev.holdfast.discover.HeldConversation;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts and closes runs: which window a run covers (an explicit one, or the scheduled one from the
 * persisted watermark with an overlap), recording what discovery found, and the reconciliation at the end.
 */
public final class Runs {

    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);
    private static final String SCHEDULE_WATERMARK = "schedule";

    private final Ledger ledger;
    private final String node;
    private final String actor;
    private final Duration window;
    private final Duration overlap;

    public Runs(Ledger ledger, String node, String actor, Duration window, Duration overlap) {
        this.ledger = ledger;
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

    public RunContext start(Window window) {
        RunContext run = RunContext.start(window, node, actor, ledger.now());
        LOG.info("run {} starts: window {}", run.runId(), window);
        return run;
    }

    /** Remembers every held conversation found; the ledger makes a conversation seen twice one conversation. */
    public int discovered(RunContext run, List<HeldConversation> held) {
        int fresh = 0;
        for (HeldConversation conversation : held) {
            if (ledger.recordConversation(conversation.conversationId(), conversation.conversationStart(),
                    conversation.summary().toString(), run.runId())) {
                fresh++;
            }
        }
        LOG.info("run {}: {} held conversations in the window, {} new", run.runId(), held.size(), fresh);
        return fresh;
    }

    /** Conversations with work now: the ones just found and any with recordings due for another try. */
    public List<String> withWork() {
        return ledger.conversationsWithWork();
    }

    /** The scheduled run completed its discovery: the next one starts from here (less the overlap). */
    public void advanceWatermark(Exchange exchange) {
        RunContext run = exchange.getProperty(Shipment.RUN, RunContext.class);
        ledger.advanceWatermark(SCHEDULE_WATERMARK, run.window().to());
    }

    public RunSummary finish(RunContext run) {
        RunSummary summary = RunSummary.of(run, ledger.conversationsIn(run.window().from(), run.window().to()),
                ledger.rowsIn(run.window().from(), run.window().to()));
        LOG.info("run {} done: {}", run.runId(), summary.render());
        return summary;
    }
}
