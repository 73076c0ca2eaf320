package dev.holdfast.ops;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.ops.alert.Alerts;
import dev.holdfast.ops.metrics.OpsMetrics;
import dev.holdfast.ops.progress.ProgressReporter;
import dev.holdfast.ops.progress.RunProgress;
import dev.holdfast.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Watches each run as it enters and leaves the {@code export} route (scheduled or from a command): starts and
 * ends its progress, counts it, and raises the end-of-run alerts. Observes only; the run is the route's.
 */
public final class RunObserver extends RoutePolicySupport {

    public static final String ROUTE = "export";
    private static final String STARTED = RouteKeys.OPS_STARTED;

    private final OpsMetrics metrics;
    private final RunProgress progress;
    private final ProgressReporter reporter;
    private final Alerts alerts;
    private final Clock clock;

    public RunObserver(OpsMetrics metrics, RunProgress progress, ProgressReporter reporter, Alerts alerts, Clock clock) {
        this.metrics = metrics;
        this.progress = progress;
        this.reporter = reporter;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        Instant now = clock.instant();
        exchange.setProperty(STARTED, now);
        progress.begin(() -> exchange.getProperty(RouteKeys.RUN, RunContext.class), now);
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Instant now = clock.instant();
        Instant started = exchange.getProperty(STARTED, Instant.class);
        Duration took = started == null ? null : Duration.between(started, now);
        progress.end();
        reporter.runEnded();
        RunContext run = exchange.getProperty(RouteKeys.RUN, RunContext.class);
        String runId = run == null ? "(not started)" : run.runId();
        if (exchange.isFailed()) {
            metrics.run("failed", took, now);
            alerts.runFailed(runId, exchange.getException());
        } else {
            metrics.run("success", took, now);
            alerts.runFinished(runId);
        }
    }
}
