package dev.holdfast.run;

import dev.holdfast.ledger.Firings;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.Date;

/** Notes in the ledger which node runs each firing of the schedule (a recovered one marked so). */
public final class FiringRecorder {

    /** Quartz's group of the triggers that re-fire the job of a node that died mid-firing. */
    public static final String RECOVERY_GROUP = org.quartz.Scheduler.DEFAULT_RECOVERY_GROUP;

    private final Firings firings;
    private final String node;
    private final Clock clock;

    public FiringRecorder(Firings firings, String node, Clock clock) {
        this.firings = firings;
        this.node = node;
        this.clock = clock;
    }

    public void started(Exchange exchange) {
        Date scheduled = exchange.getMessage().getHeader("scheduledFireTime", Date.class);
        firings.started(scheduled == null ? clock.instant() : scheduled.toInstant(), node, recovering(exchange));
    }

    /** Whether the firing is Quartz's recovery of a firing whose node died. */
    public static boolean recovering(Exchange exchange) {
        return RECOVERY_GROUP.equals(exchange.getMessage().getHeader("triggerGroup", String.class));
    }
}
