package dev.holdfast.run;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.ledger.Ledger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * With {@code holdfast.genesys.protect=true}, also puts every exported conversation under Genesys' own
 * deletion protection (100 per call), so the source survives retention policies too. Genesys allows at most
 * 1,000 protected conversations per org: a warning comes well before that, and the cap is never exceeded.
 */
public final class GenesysProtection {

    private static final Logger LOG = LoggerFactory.getLogger(GenesysProtection.class);
    static final int ORG_CAP = 1000;
    private static final int WARN_AT = 900;
    private static final int PER_CALL = 100;

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
        if (!enabled) {
            return;
        }
        RunContext run = exchange.getProperty(RouteKeys.RUN, RunContext.class);
        List<String> due = ledger.conversationsToProtect();
        int already = ledger.protectedConversations();
        int room = Math.max(0, ORG_CAP - already);
        if (due.size() > room) {
            LOG.warn("Genesys deletion protection: {} conversations to protect but only {} of the org's {} remain;"
                    + " protecting {} and leaving {} unprotected at the source", due.size(), room, ORG_CAP, room, due.size() - room);
            due = due.subList(0, room);
        }
        for (int i = 0; i < due.size(); i += PER_CALL) {
            List<String> chunk = due.subList(i, Math.min(due.size(), i + PER_CALL));
            genesys.protect(chunk);
            ledger.markProtected(chunk);
            chunk.forEach(id -> custody.record(run, "protected", id, null, Map.of("source", "genesys deletion protection")));
        }
        int now = already + due.size();
        if (now >= WARN_AT) {
            LOG.warn("Genesys deletion protection now covers {} conversations of the org's cap of {}", now, ORG_CAP);
        }
    }
}
