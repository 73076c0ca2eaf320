package dev.holdfast.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.Settings;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.genesys.GenesysApi;
import dev.holdfast.genesys.GenesysEndpoints;
import dev.holdfast.genesys.TokenSource;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.OpsLedger;
import dev.holdfast.ledger.RaisedAlerts;
import dev.holdfast.ops.alert.AlertWebhook;
import dev.holdfast.ops.alert.Alerts;
import dev.holdfast.ops.console.ConsoleServer;
import dev.holdfast.ops.console.ConsoleUsers;
import dev.holdfast.ops.health.GenesysReach;
import dev.holdfast.ops.health.HealthChecks;
import dev.holdfast.ops.health.HealthServlet;
import dev.holdfast.ops.health.ScheduleAge;
import dev.holdfast.ops.metrics.MetricsServlet;
import dev.holdfast.ops.metrics.OpsMetrics;
import dev.holdfast.ops.progress.ProgressReporter;
import dev.holdfast.ops.progress.RunProgress;
import dev.holdfast.recording.Lifecycle;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires operations into the application: metrics, progress and alerts observe every run; in service mode the
 * console, health and metrics are served on {@code holdfast.http.host}:{@code holdfast.http.port}.
 */
public final class OpsBeans {

    /** The registry name of the {@link ConsoleServer} in service mode (tests read its port). */
    public static final String CONSOLE = "opsConsole";

    private OpsBeans() {
    }

    /** What operations observe, as the application has built it. */
    public record Parts(DataSource ledgerDatabase, Lifecycle lifecycle, Ledger ledger, TokenSource tokens, GenesysApi api,
                        DestinationReader destination, String node, Clock clock) {
    }

    public static void register(CamelContext context, Settings settings, Parts parts) {
        Registry registry = context.getRegistry();
        boolean service = settings.flag("holdfast.service");
        // the alerts' table first: the reads of the ledger join it
        RaisedAlerts alerted = new RaisedAlerts(parts.ledgerDatabase());
        OpsLedger opsLedger = new OpsLedger(parts.ledgerDatabase());
        OpsMetrics metrics = new OpsMetrics();
        parts.ledger().watermark("schedule").ifPresent(metrics::successBefore);
        RunProgress progress = new RunProgress();
        parts.lifecycle().listener(new RecordingEvents(metrics, progress));

        String schedule = settings.required("holdfast.schedule");
        Duration maxAge = ScheduleAge.maxAge(schedule, settings.optionalDuration("holdfast.health.max-age").orElse(null));
        HealthChecks health = new HealthChecks(opsLedger, parts.destination(),
                new GenesysReach(parts.tokens(), GenesysEndpoints.from(settings).login()), metrics, maxAge, parts.clock());
        ObjectMapper json = new ObjectMapper();
        Alerts alerts = new Alerts(opsLedger, alerted, new AlertWebhook(webhook(settings), json), health,
                settings.duration("holdfast.alert.pending-after"), parts.node(), parts.clock());
        // the live line only where a person watches a command; services and pipes get the log lines
        ProgressReporter reporter = new ProgressReporter(progress, opsLedger,
                settings.duration("holdfast.progress.interval"),
                !service && System.console() != null ? System.out : null, parts.clock());
        RunObserver observer = new RunObserver(metrics, progress, reporter, alerts, parts.clock());
        context.addRoutePolicyFactory((ctx, routeId, route) -> RunObserver.ROUTE.equals(routeId) ? observer : null);

        registry.bind("opsMetrics", metrics);
        registry.bind("opsHealth", health);
        registry.bind("runGate", new RunGate(metrics, parts.clock()));
        addService(context, reporter::close);
        addService(context, new LeaseRelease(parts.lifecycle()));
        if (service) {
            ConsoleServer console = new ConsoleServer(settings.required("holdfast.http.host"),
                    settings.integer("holdfast.http.port"), settings.flag("holdfast.console.enabled"),
                    ConsoleUsers.from(settings, System::getenv), new HealthServlet(health),
                    new MetricsServlet(metrics, opsLedger, parts.api(), context));
            registry.bind(CONSOLE, console);
            // started now, stopped with the context after its routes: health answers during a graceful stop
            addService(context, console);
        }
    }

    private static URI webhook(Settings settings) {
        return settings.optional("holdfast.alert.webhook-url").map(v -> {
            try {
                URI uri = URI.create(v);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("holdfast.alert.webhook-url is not an http(s) URL");
            }
        }).orElse(null);
    }

    private static void addService(CamelContext context, Runnable onStop) {
        addService(context, new org.apache.camel.Service() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
                onStop.run();
            }
        });
    }

    private static void addService(CamelContext context, org.apache.camel.Service service) {
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
