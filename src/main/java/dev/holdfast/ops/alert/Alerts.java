package dev.holdfast.ops.alert;

import dev.holdfast.ledger.OpsLedger;
import dev.holdfast.ledger.RaisedAlerts;
import dev.holdfast.ops.health.Check;
import dev.holdfast.ops.health.HealthChecks;
import dev.holdfast.safety.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raises the alerts at the end of each run: recordings pending longer than {@code holdfast.alert.pending-after}
 * (each once: the ledger table {@code hf_alert} remembers it), a failed run, a dead run's bag that could
 * not be sealed (once per bag), a destination that stopped answering (once until it answers again). Each is one WARN line per recording or run and one JSON post.
 */
public final class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger("holdfast.alerts");
    static final String PENDING = "pending";
    static final String DESTINATION = "destination";
    static final String BAG_NOT_SEALED = "bag-not-sealed";
    /** One message stays readable; the rest are counted, and alerted again at the next run. */
    private static final int MAX_PER_MESSAGE = 500;

    private final OpsLedger ledger;
    private final RaisedAlerts alerted;
    private final AlertWebhook webhook;
    private final HealthChecks health;
    private final Duration pendingAfter;
    private final String node;
    private final Clock clock;

    public Alerts(OpsLedger ledger, RaisedAlerts alerted, AlertWebhook webhook, HealthChecks health, Duration pendingAfter, String node, Clock clock) {
        this.ledger = ledger;
        this.alerted = alerted;
        this.webhook = webhook;
        this.health = health;
        this.pendingAfter = pendingAfter;
        this.node = node;
        this.clock = clock;
    }

    /** A run ended without failing: overdue recordings, and whether the destination still answers. */
    public void runFinished(String runId) {
        try {
            pendingTooLong(runId);
            bagsNotSealed(runId);
            destination(runId);
        } catch (RuntimeException e) {
            LOG.warn("alerts not checked after run {}: {}", runId, Redactor.mask(e.getMessage()));
        }
    }

    public void runFailed(String runId, Throwable failure) {
        Throwable cause = failure;
        // the route wraps what went wrong (a bean invocation, an expression): the innermost says it
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String why = cause == null ? "unknown" : Redactor.mask(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        LOG.warn("run {} failed: {}", runId, why);
        Map<String, Object> alert = alert("run-failed", runId);
        alert.put("error", why);
        webhook.post(alert);
        destination(runId);
    }

    private void pendingTooLong(String runId) {
        Instant now = clock.instant();
        List<OpsLedger.Overdue> overdue = ledger.overdueWithoutAlert(now.minus(pendingAfter));
        List<OpsLedger.Overdue> raised = new ArrayList<>();
        for (OpsLedger.Overdue o : overdue.subList(0, Math.min(overdue.size(), MAX_PER_MESSAGE))) {
            // the insert is the once-only guard: another node (or an earlier run) that raised it wins
            if (alerted.raise(PENDING, o.subject(), now)) {
                raised.add(o);
            }
        }
        if (raised.isEmpty()) {
            return;
        }
        raised.forEach(o -> LOG.warn("{}/{} pending since {} ({}), longer than {}", o.conversationId(), o.recordingId(),
                o.pendingSince(), o.reason(), pendingAfter));
        Map<String, Object> alert = alert("recordings-pending", runId);
        alert.put("pendingAfter", pendingAfter.toString());
        alert.put("count", raised.size());
        List<Map<String, Object>> recordings = new ArrayList<>();
        for (OpsLedger.Overdue o : raised) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("conversationId", o.conversationId());
            r.put("recordingId", o.recordingId());
            r.put("reason", o.reason());
            r.put("pendingSince", o.pendingSince().toString());
            recordings.add(r);
        }
        alert.put("recordings", recordings);
        if (!webhook.post(alert)) {
            // not delivered: raised again (and posted) at the end of the next run
            raised.forEach(o -> alerted.clear(PENDING, o.subject()));
        }
    }

    /** A dead run's bag that a run could not seal: once per bag, with the reason the ledger kept. */
    private void bagsNotSealed(String runId) {
        for (String[] unsealed : ledger.unsealedWithoutAlert()) {
            if (!alerted.raise(BAG_NOT_SEALED, unsealed[0], clock.instant())) {
                continue;
            }
            String why = Redactor.mask(unsealed[1]);
            LOG.warn("bag {} of a dead run is not sealed: {}", unsealed[0], why);
            Map<String, Object> alert = alert(BAG_NOT_SEALED, runId);
            alert.put("bag", unsealed[0]);
            alert.put("reason", why);
            if (!webhook.post(alert)) {
                alerted.clear(BAG_NOT_SEALED, unsealed[0]);
            }
        }
    }

    private void destination(String runId) {
        Check check = health.destination();
        String subject = "destination";
        if (check.up()) {
            alerted.clear(DESTINATION, subject);
            return;
        }
        if (alerted.raise(DESTINATION, subject, clock.instant())) {
            LOG.warn("destination unreachable: {}", check.detail());
            Map<String, Object> alert = alert("destination-unreachable", runId);
            alert.put("error", check.detail());
            if (!webhook.post(alert)) {
                alerted.clear(DESTINATION, subject);
            }
        }
    }

    private Map<String, Object> alert(String kind, String runId) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("alert", kind);
        alert.put("time", clock.instant().toString());
        alert.put("node", node);
        alert.put("runId", runId);
        return alert;
    }
}
