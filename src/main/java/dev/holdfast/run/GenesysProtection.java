package dev.holdfast.run;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.ledger.Ledger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * With {@code holdfast.genesys.protect=true}, also puts every exported conversation under Genesys' own
 * deletion protection (100 per call), so the source survives retention policies too. Genesys allows at most
 * 1,000 protected conversations per org: they are counted in the shared ledger under its lock, so that all nodes
 * together never exceed the cap, and a warning comes at 900.
 */
public final class GenesysProtection {

    private static final Logger LOG = LoggerFactory.getLogger(GenesysProtection.class);
    static final int ORG_CAP = 1000;
    static final int WARN_AT = 900;
    private static final int PER_CALL = 100;
    /** The ledger lock under which one node at a time counts and protects. */
    public static final String LOCK = "genesys-protection";
    /** How long a node killed while protecting keeps the others from protecting (renewed before each call). */
    private static final Duration LOCK_LEASE = Duration.ofMinutes(2);

    private final GenesysClient genesys;
    private final Ledger ledger;
    private final CustodyRecorder custody;
    private final boolean enabled;

    public GenesysProtection(GenesysClient genesys, Ledger ledger, CustodyRecorder custody, boolean enabled) {
        this.genesys = genesys;
        this.ledger = ledger;
        this.custody = custody;
        this.enabled = enabled;
    }

    public void protectDelivered(Exchange exchange) {
        if (enabled) {
            protectDue(exchange.getProperty(RouteKeys.RUN, RunContext.class));
        }
    }

    /**
     * Protects the conversations due, within what is left of the org's cap. Another node protecting now holds
     * the lock: this run leaves the work to it (it protects every node's due conversations) or to the next run.
     */
    public Protection protectDue(RunContext run) {
        String owner = run.node() + "/" + run.runId();
        if (!ledger.tryLock(LOCK, owner, LOCK_LEASE)) {
            LOG.info("Genesys deletion protection: another node is protecting now; left to it or the next run");
            return new Protection(false, 0, 0, 0);
        }
        try {
            List<String> due = ledger.conversationsToProtect();
            // counted under the lock: every node's protections are in the shared ledger, and none is added meanwhile
            int already = ledger.protectedConversations();
            int room = Math.max(0, ORG_CAP - already);
            int left = Math.max(0, due.size() - room);
            if (left > 0) {
                LOG.warn("Genesys deletion protection: {} conversations to protect but only {} of the org's {} remain;"
                        + " protecting {} and leaving {} unprotected at the source", due.size(), room, ORG_CAP, room, left);
                due = due.subList(0, room);
            }
            int done = 0;
            for (int i = 0; i < due.size(); i += PER_CALL) {
                if (!ledger.renewLock(LOCK, owner, LOCK_LEASE)) {
                    // the lease ran out and another node took over: it counts from the ledger, which has ours so far
                    LOG.warn("Genesys deletion protection: lock lost after {} conversations; the rest is left to the holder", done);
                    break;
                }
                List<String> chunk = due.subList(i, Math.min(due.size(), i + PER_CALL));
                genesys.protect(chunk);
                ledger.markProtected(chunk);
                chunk.forEach(id -> custody.record(run, "protected", id, null, Map.of("source", "genesys deletion protection")));
                done += chunk.size();
            }
            Protection result = new Protection(true, done, already + done, left);
            if (result.nearCap()) {
                LOG.warn("Genesys deletion protection now covers {} conversations of the org's cap of {}", result.orgTotal(), ORG_CAP);
            }
            return result;
        } finally {
            ledger.releaseLock(LOCK, owner);
        }
    }

    /**
     * What one pass did.
     *
     * @param counted  whether this node held the lock and counted (false: another node was protecting)
     * @param orgTotal conversations under protection in the org, by the shared ledger, after this pass
     * @param left     conversations due that the cap left unprotected
     */
    public record Protection(boolean counted, int protectedNow, int orgTotal, int left) {

        /** At or past the warning line (900 of 1,000). */
        public boolean nearCap() {
            return orgTotal >= WARN_AT;
        }
    }
}
