package dev.holdfast.recording;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.run.RunContext;
import dev.holdfast.safety.Redactor;
import org.apache.camel.Exchange;
import org.apache.camel.Service;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews this node's leases while it lives, every third of a lease: the recordings it works on and the bags of
 * its runs under way. A lease can then be short (a dead node's work is taken over within about a minute) and a
 * transfer of any length still keeps its recording. Each beat also voids the leases of processes of this host
 * that are gone ({@link Ledger#voidLeasesOfGoneProcesses}).
 */
public final class LeaseHeartbeat implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final Ledger ledger;
    private final String node;
    private final Duration lease;
    // one token per claim: a beat that finds a lease lost drops that claim, never a newer claim of the same recording
    private final Map<Held, Object> recordings = new ConcurrentHashMap<>();
    private final Set<String> bags = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService beats;

    private record Held(String conversationId, String recordingId) {
    }

    public LeaseHeartbeat(Ledger ledger, String node, Duration lease) {
        this.ledger = ledger;
        this.node = node;
        this.lease = lease;
    }

    @Override
    public synchronized void start() {
        if (beats == null) {
            beats = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "holdfast-lease-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(1, lease.dividedBy(3).toMillis());
            beats.scheduleWithFixedDelay(this::beatSafely, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (beats != null) {
            beats.shutdownNow();
            beats = null;
        }
    }

    /**
     * The node claimed the recording: its lease is renewed until {@link #released}, or until the claiming exchange
     * is done however it ended (a run stopped by a ledger failure writes no next state: the lease must not outlive it).
     */
    public void holding(Exchange exchange, String conversationId, String recordingId) {
        Held held = new Held(conversationId, recordingId);
        Object claim = new Object();
        recordings.put(held, claim);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                recordings.remove(held, claim);
            }
        });
    }

    /** The recording has its next state (or the node lost it): its lease is no longer this node's to renew. */
    public void released(String conversationId, String recordingId) {
        recordings.remove(new Held(conversationId, recordingId));
    }

    /**
     * The run's bag shows a sign of life until its exchange is done, however it ends: another node seals a bag
     * silent for a lease as a dead run's, and one sealed under a live run loses what the run delivers after.
     */
    public void runUnderWay(Exchange exchange) {
        String bag = exchange.getProperty(RouteKeys.RUN, RunContext.class).bag();
        bags.add(bag);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                bags.remove(bag);
            }
        });
    }

    /** One beat: every lease this node holds runs anew; a recording another node took over is dropped. */
    public void beat() {
        recordings.forEach((held, claim) -> {
            if (!ledger.renewLease(held.conversationId(), held.recordingId(), node, lease)) {
                recordings.remove(held, claim);
            }
        });
        for (String bag : bags) {
            ledger.heartbeat(bag);
        }
        ledger.voidLeasesOfGoneProcesses();
    }

    // a scheduled task that throws is never run again: one failed beat (the database away) must not end them all
    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("lease heartbeat failed, retried in {}: {}", lease.dividedBy(3), Redactor.mask(String.valueOf(e.getMessage())));
        }
    }
}
