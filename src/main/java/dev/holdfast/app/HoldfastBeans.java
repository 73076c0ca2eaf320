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
import dev.holdfast.ops.OpsBeans;
import dev.holdfast.resolve.BatchFallback;
import dev.holdfast.resolve.ReadinessClassifier;
import dev.holdfast.resolve.CallProgress;
import dev.holdfast.resolve.RecordingResolver;
import dev.holdfast.resolve.Restorer;
import dev.holdfast.run.BagSealer;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.Discovery;
import dev.holdfast.run.GenesysProtection;
import dev.holdfast.run.Outcomes;
import dev.holdfast.run.Preflight;
import dev.holdfast.run.Runs;
import dev.holdfast.run.SealLock;
import dev.holdfast.run.Shipment;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the beans the routes call, each from the settings it needs. Settings are read after every override
 * (command line, -D, environment) has been applied.
 */
public final class HoldfastBeans implements CamelConfiguration {

    /** How long a node may hold a recording before another may take it over (the node is presumed dead). */
    private static final Duration LEASE = Duration.ofMinutes(10);
    /** How long a node may hold the seal lock without renewing it (it renews before each file of the bag). */
    private static final Duration SEAL_LEASE = Duration.ofMinutes(2);
    /** How long a node waits for another's seal before it leaves its bag to the next run (exit 3). */
    private static final Duration SEAL_WAIT = Duration.ofMinutes(5);

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
        GenesysApi api = new GenesysApi(endpoints, tokens, new RateGate(settings.integer("genesys.requests-per-minute", 280)),
                apiHttp, json);
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
                MediaFetcher.mediaClient(), Path.of(settings.string("holdfast.spool-dir", "data/spool")), clock);
        // a run killed mid-download leaves its spool file: recording bytes on disk nobody will delete otherwise
        mediaFetcher.sweep(settings.duration("holdfast.lease", LEASE));
        registry.bind("mediaFetcher", mediaFetcher);
        CustodyRecorder custody = new CustodyRecorder(ledger, json);
        Outcomes outcomes = new Outcomes(ledger, custody, node, settings.duration("holdfast.lease", LEASE));
        registry.bind("outcomes", outcomes);
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
                settings.duration("holdfast.lease", LEASE), new SealLock(ledger,
                settings.duration("holdfast.seal-lease", SEAL_LEASE), settings.duration("holdfast.seal-wait", SEAL_WAIT))));
        OpsBeans.register(context, settings, new OpsBeans.Parts(ledgerDatabase, ledger, tokens, api, outcomes,
                destination, node, clock));
    }
}
