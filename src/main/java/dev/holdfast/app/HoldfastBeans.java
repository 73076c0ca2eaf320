package dev.holdfast.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.config.Settings;
import dev.holdfast.deliver.DeliveryBeans;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.discover.HeldConversationFinder;
import dev.holdfast.discover.HoldMatcher;
import dev.holdfast.download.AllowedHosts;
import dev.holdfast.download.MediaFetcher;
import dev.holdfast.genesys.GenesysApi;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.genesys.GenesysEndpoints;
import dev.holdfast.genesys.RateGate;
import dev.holdfast.genesys.TokenSource;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.Timestamps;
import dev.holdfast.ops.OpsBeans;
import dev.holdfast.resolve.BatchFallback;
import dev.holdfast.resolve.ReadinessClassifier;
import dev.holdfast.resolve.CallProgress;
import dev.holdfast.resolve.RecordingResolver;
import dev.holdfast.resolve.Restorer;
import dev.holdfast.run.BagSealer;
import dev.holdfast.run.BagTimestamper;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.Discovery;
import dev.holdfast.run.DroppedRecordings;
import dev.holdfast.run.GenesysProtection;
import dev.holdfast.run.LeaseHeartbeat;
import dev.holdfast.run.Outcomes;
import dev.holdfast.run.Preflight;
import dev.holdfast.run.Runs;
import dev.holdfast.run.SealLock;
import dev.holdfast.run.Shipment;
import dev.holdfast.timestamp.TsaClient;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the beans the routes call, each from the settings it needs. Settings are read after every override
 * (command line, -D, environment) has been applied.
 */
public final class HoldfastBeans implements CamelConfiguration {

    /**
     * How long a node's lease on a recording or an open bag lasts without a renewal (the node is then presumed dead
     * and another takes its work over); the {@link LeaseHeartbeat} renews it every third of this while the node lives.
     */
    private static final Duration LEASE = Duration.ofSeconds(60);
    /**
     * How long a spool file of a live process may stay untouched before it is swept: a live download keeps its
     * lease by the heartbeat, so a stalled one is given long; a dead process's files go at once.
     */
    private static final Duration SPOOL_MAX_AGE = Duration.ofHours(1);
    /** How long a node may hold the seal lock without renewing it (it renews before each file of the bag). */
    private static final Duration SEAL_LEASE = Duration.ofMinutes(2);
    /** How long a node waits for another's seal before it leaves its bag to the next run (exit 3). */
    private static final Duration SEAL_WAIT = Duration.ofMinutes(5);
    /** How long an API response or a media body may send nothing before the call counts as stalled. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(key -> context.getPropertiesComponent().resolveProperty(key));
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();

        DataSource ledgerDatabase = LedgerDataSources.open(settings);
        Ledger ledger = new Ledger(ledgerDatabase, clock);
        GenesysEndpoints endpoints = GenesysEndpoints.from(settings);
        HttpClient apiHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .version(HttpClient.Version.HTTP_1_1).build();
        TokenSource tokens = new TokenSource(endpoints, apiHttp, json, clock);
        Duration idleTimeout = settings.duration("genesys.idle-timeout", IDLE_TIMEOUT);
        GenesysApi api = new GenesysApi(endpoints, tokens, new RateGate(settings.integer("genesys.requests-per-minute", 280)),
                apiHttp, json, idleTimeout);
        GenesysClient genesys = new GenesysClient(api);
        String format = settings.string("holdfast.format", "WAV");
        String node = settings.string("holdfast.node", ManagementFactory.getRuntimeMXBean().getName());

        registry.bind("ledger", ledger);
        registry.bind("tokens", tokens);
        registry.bind("genesys", genesys);
        HeldConversationFinder finder = new HeldConversationFinder(genesys, new HoldMatcher(
                settings.string("holdfast.hold.attribute", "legal_hold"), settings.string("holdfast.hold.value", "true")),
                ledger, json);
        registry.bind("resolver", new RecordingResolver(genesys, ledger, new ReadinessClassifier(),
                new CallProgress(genesys, ledger, json), format));
        registry.bind("restorer", new Restorer(genesys, settings.flag("holdfast.restore-archived", true), clock));
        registry.bind("batchFallback", new BatchFallback(genesys, ledger, json));
        MediaFetcher mediaFetcher = new MediaFetcher(new AllowedHosts(settings.list("holdfast.media.allowed-hosts")),
                MediaFetcher.mediaClient(), Path.of(settings.string("holdfast.spool-dir", "data/spool")), clock, idleTimeout);
        // a run killed mid-download leaves its spool file: recording bytes on disk nobody will delete otherwise
        mediaFetcher.sweep(SPOOL_MAX_AGE);
        registry.bind("mediaFetcher", mediaFetcher);
        CustodyRecorder custody = new CustodyRecorder(ledger, json);
        Duration lease = settings.duration("holdfast.lease", LEASE);
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(ledger, node, lease);
        registry.bind("leaseHeartbeat", heartbeat);
        try {
            // started now, stopped with the context: the leases are renewed for as long as the node runs
            context.addService(heartbeat, true, true);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        Outcomes outcomes = new Outcomes(ledger, custody, node, lease, heartbeat);
        registry.bind("outcomes", outcomes);
        registry.bind("droppedRecordings", new DroppedRecordings(outcomes));
        DeliveryBeans.register(registry, settings);
        DestinationReader destination = registry.lookupByNameAndType("destinationReader", DestinationReader.class);
        registry.bind("shipment", new Shipment(ledger, destination, custody, json, format, Version.current()));
        Runs runs = new Runs(ledger, custody, node, endpoints.clientId(),
                settings.duration("holdfast.window", Duration.ofHours(48)),
                settings.duration("holdfast.window-overlap", Duration.ofHours(1)),
                settings.duration("holdfast.settle", Duration.ofHours(72)));
        registry.bind("runs", runs);
        registry.bind("finder", finder);
        registry.bind("discovery", new Discovery(finder, runs));
        registry.bind("genesysProtection", new GenesysProtection(genesys, ledger, custody,
                settings.flag("holdfast.genesys.protect", false)));
        registry.bind("holdfastWorkers", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "holdfast-worker", Math.max(1, settings.integer("holdfast.concurrency", 4))));
        registry.bind("preflight", new Preflight(tokens, destination));
        registry.bind("bagSealer", new BagSealer(ledger, destination,
                genesys, json, new BagSealer.Facts(settings.string("holdfast.hold.attribute", "legal_hold"),
                settings.string("holdfast.hold.value", "true"), endpoints.region(), Version.current()),
                lease, new SealLock(ledger,
                settings.duration("holdfast.seal-lease", SEAL_LEASE), settings.duration("holdfast.seal-wait", SEAL_WAIT))));
        String tsaUrl = settings.string("holdfast.tsa.url", "");
        registry.bind("bagTimestamper", new BagTimestamper(new Timestamps(ledgerDatabase, clock), destination, custody,
                tsaUrl.isEmpty() ? null : new TsaClient(URI.create(tsaUrl), settings.string("holdfast.tsa.policy", ""),
                        settings.duration("holdfast.tsa.timeout", Duration.ofSeconds(10)))));
        OpsBeans.register(context, settings, new OpsBeans.Parts(ledgerDatabase, ledger, tokens, api, outcomes,
                destination, node, clock));
    }
}
