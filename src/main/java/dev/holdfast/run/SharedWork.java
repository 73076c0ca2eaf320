package dev.holdfast.run;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.WorkQueue;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Spreads a run's work over the nodes: the run queues every conversation with work in the ledger, and each node
 * (the run's own, and every service-mode node's worker) claims one per worker thread at a time and works it. Discovery stays
 * the firing's; the recordings keep their own leases, and each node seals its own bag under the seal lock.
 */
public final class SharedWork {

    private static final Logger LOG = LoggerFactory.getLogger(SharedWork.class);
    private static final String COUNTED = RouteKeys.RUN_COUNTED;

    private final WorkQueue queue;
    private final Ledger ledger;
    private final Runs runs;
    private final String node;
    private final int batch;
    private final Duration lease;
    private final AtomicInteger runsUnderWay = new AtomicInteger();

    /**
     * @param batch this node's worker lanes (its concurrency: it claims no more than it works)
     * @param lease how long a claim keeps a conversation from other nodes (a dead node's are then taken over)
     */
    public SharedWork(WorkQueue queue, Ledger ledger, Runs runs, String node, int batch, Duration lease) {
        this.queue = queue;
        this.ledger = ledger;
        this.runs = runs;
        this.node = node;
        this.batch = Math.max(1, batch);
        this.lease = lease;
    }

    /**
     * Queues every conversation with work now (just found, open, or due for another try) for any node. Until the
     * run's exchange is done this node's worker stays idle: the run works the queue itself, in one bag.
     */
    public int queue(Exchange exchange) {
        RunContext run = exchange.getProperty(RouteKeys.RUN, RunContext.class);
        // queue is called twice in a run (its work, then the recheck): the run is counted once
        if (exchange.getProperty(COUNTED) == null) {
            exchange.setProperty(COUNTED, Boolean.TRUE);
            runsUnderWay.incrementAndGet();
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    runsUnderWay.decrementAndGet();
                }
            });
        }
        // a process of this host killed mid-run claimed conversations nobody works: they wait no lease
        queue.voidClaimsOfGoneProcesses();
        List<String> withWork = ledger.conversationsWithWork();
        int queued = queue.queue(withWork, run.window().toString(), node);
        LOG.info("run {}: {} conversations with work queued for the cluster", run.runId(), queued);
        return queued;
    }

    /** The worker lanes of this node, one per worker thread ({@code holdfast.concurrency}). */
    public List<Integer> lanes() {
        return IntStream.rangeClosed(1, batch).boxed().toList();
    }

    /**
     * The next conversation for one lane to work, as a list of one; empty when nothing waits. One at a time: a
     * node holds no more claims than it has threads working them, so the rest stays free for the other nodes.
     */
    public List<String> claimNext() {
        return queue.claim(node, 1, lease);
    }

    /** This node has worked the conversation. */
    public void done(String conversationId) {
        queue.done(conversationId, node);
    }

    /**
     * Once this node has found the queue empty, waits for the conversations other nodes still work (at most a lease:
     * a claim that outlives it is a dead node's, taken over by a worker). The firing's batch fallback that comes
     * next then has their recordings too, instead of leaving their originals to the next firing.
     */
    public boolean awaitClaimsDone() {
        boolean done = queue.awaitClaimsDone(lease.plusSeconds(5));
        if (!done) {
            LOG.info("conversations claimed by other nodes are still being worked; the batch fallback goes ahead without them");
        }
        return done;
    }

    /** Whether queued work waits for a node: the worker then starts a run of its own. */
    public boolean waiting() {
        return runsUnderWay.get() == 0 && queue.waiting();
    }

    /**
     * A worker's run: over the window of the run that queued the work (its bag reconciles that window), with a
     * bag of its own that this node seals when the queue is drained.
     */
    public RunContext startWork() {
        String text = queue.waitingWindow().orElseGet(() -> runs.defaultWindow().toString());
        String[] bounds = text.split("/");
        return runs.start(new Window(Instant.parse(bounds[0]), Instant.parse(bounds[1])), false);
    }
}
