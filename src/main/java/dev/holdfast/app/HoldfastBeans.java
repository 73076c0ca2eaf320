package dev.holdfast.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.cluster.ClusterScheduler;
import dev.holdfast.config.Settings;
import dev.holdfast.deliver.DeliveryBeans;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.discover.HeldConversationFinder;
import dev.holdfast.discover.HoldMatcher;
import dev.holdfast.download.AllowedHosts;
import dev.holdfast.download.InlineTranscripts;
import dev.holdfast.download.MediaFetcher;
import dev.holdfast.genesys.GenesysApi;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.genesys.GenesysEndpoints;
import dev.holdfast.genesys.RateGate;
import dev.holdfast.genesys.TokenSource;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.Timestamps;
import dev.holdfast.ledger.Firings;
import dev.holdfast.ledger.WorkQueue;
import dev.holdfast.ops.OpsBeans;
import dev.holdfast.resolve.BatchFallback;
import dev.holdfast.resolve.ReadinessClassifier;
import dev.holdfast.resolve.CallProgress;
import dev.holdfast.resolve.RecordingResolver;
import dev.holdfast.resolve.Restorer;
import dev.holdfast.seal.BagSealer;
import dev.holdfast.seal.BagTimestamper;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.Discovery;
import dev.holdfast.recording.DroppedRecordings;
import dev.holdfast.run.GenesysProtection;
import dev.holdfast.recording.LeaseHeartbeat;
import dev.holdfast.recording.Lifecycle;
import dev.holdfast.recording.MediaKinds;
import dev.holdfast.recording.Outcomes;
import dev.holdfast.run.Preflight;
import dev.holdfast.run.Runs;
import dev.holdfast.seal.SealLock;
import dev.holdfast.recording.Shipment;
import dev.holdfast.run.SharedWork;
import dev.holdfast.run.FiringRecorder;
import dev.holdfast.timestamp.TsaClient;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
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

    /*
     * Every setting's default lives in application.properties (with its comment), never here: a key missing from it
     * fails the start with a ConfigurationException naming the key.
     */
    /**
     * How long a spool file of a live process may stay untouched before it is swept: a live download keeps its
     * lease by the heartbeat, so a stalled one is given long; a dead process's files go at once. Not a setting:
     * it only has to outlast any live download, which no deployment has reason to change.
     */
    private static final Duration SPOOL_MAX_AGE = Duration.ofHours(1);

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
        Duration idleTimeout = settings.duration("genesys.idle-timeout");
        GenesysApi api = new GenesysApi(endpoints, tokens, new RateGate(settings.integer("genesys.requests-per-minute")),
                idleTimeout);
        // the one place the Genesys rules meet the routes' http endpoints (GenesysApi leaves other hosts alone)
        context.getComponent("http", HttpComponent.class).setHttpClientConfigurer(api);
        context.getComponent("https", HttpComponent.class).setHttpClientConfigurer(api);
        GenesysClient genesys = new GenesysClient(context.createProducerTemplate(), api, json);
        String format = settings.required("holdfast.format");
        // blank names the node after its process (pid@host): an identity, not a default a file could hold
        String node = settings.string("holdfast.node");
        if (node.isEmpty()) {
            node = ManagementFactory.getRuntimeMXBean().getName();
        }

        registry.bind("ledger", ledger);
        registry.bind("tokens", tokens);
        registry.bind("genesys", genesys);
        HeldConversationFinder finder = new HeldConversationFinder(genesys, new HoldMatcher(
                settings.required("holdfast.hold.attribute"), settings.required("holdfast.hold.value")),
                ledger, json);
        MediaKinds kinds = new MediaKinds(settings.list("holdfast.media"), ledger);
        registry.bind("mediaKinds", kinds);
        CustodyRecorder custody = new CustodyRecorder(ledger, json);
        Duration lease = settings.duration("holdfast.lease");
        // the one writer of a recording's state: everything below that changes one asks it
        Lifecycle lifecycle = new Lifecycle(ledger, custody, node, lease);
        // without review copies the list asks for no media (formatId NONE): nothing is transcoded for nothing
        registry.bind("resolver", new RecordingResolver(genesys, ledger, lifecycle, new ReadinessClassifier(),
                new CallProgress(genesys, ledger, json), kinds.review() ? format : "NONE"));
        registry.bind("restorer", new Restorer(genesys, settings.flag("holdfast.restore-archived"), clock));
        registry.bind("batchFallback", new BatchFallback(genesys, ledger, json));
        MediaFetcher mediaFetcher = new MediaFetcher(new AllowedHosts(settings.list("holdfast.media.allowed-hosts")),
                MediaFetcher.mediaClient(), Path.of(settings.required("holdfast.spool-dir")), clock, idleTimeout);
        // a run killed mid-download leaves its spool file: recording bytes on disk nobody will delete otherwise
        mediaFetcher.sweep(SPOOL_MAX_AGE);
        registry.bind("mediaFetcher", mediaFetcher);
        registry.bind("inlineTranscripts", new InlineTranscripts(mediaFetcher, json));
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(ledger, node, lease);
        registry.bind("leaseHeartbeat", heartbeat);
        try {
            // started now, stopped with the context: the leases are renewed for as long as the node runs
            context.addService(heartbeat, true, true);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        Outcomes outcomes = new Outcomes(ledger, lifecycle, custody, node, heartbeat);
        registry.bind("outcomes", outcomes);
        registry.bind("droppedRecordings", new DroppedRecordings(outcomes));
        DeliveryBeans.register(registry, settings);
        DestinationReader destination = registry.lookupByNameAndType("destinationReader", DestinationReader.class);
        registry.bind("shipment", new Shipment(ledger, destination, custody, json, format, Version.current(), kinds));
        Runs runs = new Runs(ledger, custody, lifecycle, node, endpoints.clientId(),
                settings.duration("holdfast.window"),
                settings.duration("holdfast.window-overlap"),
                settings.duration("holdfast.settle"));
        registry.bind("runs", runs);
        // the run's work is queued in the ledger: this node and every service-mode node's worker claim from it
        registry.bind("sharedWork", new SharedWork(new WorkQueue(ledgerDatabase, clock), ledger, runs, node,
                settings.integer("holdfast.concurrency"), lease));
        registry.bind("firings", new FiringRecorder(new Firings(ledgerDatabase, clock), node, clock));
        if (settings.flag("holdfast.service")) {
            // on a PostgreSQL ledger the schedule is the cluster's (one firing, on one node); H2 keeps it in memory
            ClusterScheduler.configure(context, settings, ledgerDatabase, clock,
                    context.getPropertiesComponent().loadProperties(key -> key.startsWith("org.quartz.")));
        }
        registry.bind("finder", finder);
        registry.bind("discovery", new Discovery(finder, runs));
        registry.bind("genesysProtection", new GenesysProtection(genesys, ledger, custody,
                settings.flag("holdfast.genesys.protect")));
        registry.bind("holdfastWorkers", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "holdfast-worker", Math.max(1, settings.integer("holdfast.concurrency"))));
        registry.bind("preflight", new Preflight(tokens, destination));
        registry.bind("bagSealer", new BagSealer(ledger, lifecycle, destination,
                genesys, json, new BagSealer.Facts(settings.required("holdfast.hold.attribute"),
                settings.required("holdfast.hold.value"), endpoints.region(), Version.current()),
                lease, new SealLock(ledger,
                settings.duration("holdfast.seal-lease"), settings.duration("holdfast.seal-wait"))));
        String tsaUrl = settings.string("holdfast.tsa.url");
        registry.bind("bagTimestamper", new BagTimestamper(new Timestamps(ledgerDatabase, clock), destination, custody,
                tsaUrl.isEmpty() ? null : new TsaClient(URI.create(tsaUrl), settings.string("holdfast.tsa.policy"),
                        settings.duration("holdfast.tsa.timeout"))));
        OpsBeans.register(context, settings, new OpsBeans.Parts(ledgerDatabase, lifecycle, ledger, tokens, api,
                destination, node, clock));
    }
}
