package dev.holdfast.ops;

import dev.holdfast.ops.metrics.OpsMetrics;
import dev.holdfast.run.FiringRecorder;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Lets a scheduled firing start a run only when it comes on time. The schedule is stateful, so Quartz holds a
 * firing back while the run before it goes on and delivers it late: such a firing is skipped and said so,
 * instead of starting a second run straight after the first.
 */
public final class RunGate {

    private static final Logger LOG = LoggerFactory.getLogger("holdfast.schedule");
    /** Quartz fires within milliseconds; a firing this late was held back by a run. */
    static final Duration TOLERANCE = Duration.ofSeconds(5);

    private final OpsMetrics metrics;
    private final Clock clock;

    public RunGate(OpsMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    public boolean onTime(Exchange exchange) {
        Date scheduled = exchange.getMessage().getHeader("scheduledFireTime", Date.class);
        Date fired = exchange.getMessage().getHeader("fireTime", Date.class);
        if (scheduled == null || fired == null) {
            return true;
        }
        // Quartz re-fires the firing of a node that died: late by design, and its run is still to be done
        if (FiringRecorder.recovering(exchange)) {
            LOG.info("the run due at {} is recovered on this node: the node that started it died", scheduled.toInstant());
            return true;
        }
        Duration late = Duration.between(scheduled.toInstant(), fired.toInstant());
        if (late.compareTo(TOLERANCE) <= 0) {
            return true;
        }
        Instant now = clock.instant();
        LOG.info("the run due at {} is skipped: the run before it was still going then ({} s late)",
                scheduled.toInstant(), late.toSeconds());
        metrics.run("skipped", null, now);
        return false;
    }
}
