package dev.holdfast.run;

import dev.holdfast.discover.HeldConversationFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streams the held conversations of a run's window into the ledger as the finder finds them. */
public final class Discovery {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    private final HeldConversationFinder finder;
    private final Runs runs;

    public Discovery(HeldConversationFinder finder, Runs runs) {
        this.finder = finder;
        this.runs = runs;
    }

    /** Answers how many held conversations were new to the ledger. */
    public int discover(RunContext run) {
        int[] fresh = {0};
        // one at a time: a window of 100,000 conversations is never held in memory at once
        int found = finder.find(run.window(), conversation -> {
            if (runs.discovered(run, conversation)) {
                fresh[0]++;
            }
        });
        LOG.info("run {}: {} held conversations in the window, {} new", run.runId(), found, fresh[0]);
        return fresh[0];
    }
}
