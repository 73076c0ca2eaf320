package dev.holdfast.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Genesys sandbox: a seeded Genesys Cloud org served over real HTTP. Login and API share one port; media is
 * served from a second port under the host name "localhost" (deliberately not the API host), via presigned URLs.
 * Never imported by exporter code; the command line and the tests start it.
 */
public final class GenesysSandbox implements AutoCloseable {

    static final String MEDIA_HOST = "localhost";

    static {
        // the JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus delayed ACKs add
        // ~40 ms to every small answer. Read once per JVM by the server, so set it before the first server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Scenario scenario;
    private final SeededOrg org;
    private final Journal journal;
    private final HttpServer api;
    private final HttpServer media;
    private final ExecutorService apiThreads;
    private final ExecutorService mediaThreads;
    private final URI baseUrl;
    private final List<String> lateConversationIds;
    private final LiveOrg live;
    private final SandboxClock clock;

    private GenesysSandbox(Scenario scenario, String host, int port) throws IOException {
        this.scenario = scenario;
        Instant startedAt = scenario.clockStart() == null ? Instant.now() : scenario.clockStart();
        this.clock = new SandboxClock(startedAt);
        this.org = SeededOrg.generate(scenario, startedAt);
        this.journal = new Journal();
        this.live = new LiveOrg(org, scenario, startedAt);
        this.lateConversationIds = List.copyOf(live.lateIds());
        this.media = HttpServer.create(new InetSocketAddress(host, 0), 64);
        MediaSigner signer = new MediaSigner(scenario.seed(), MEDIA_HOST, media.getAddress().getPort(), scenario.mediaUrlTtl());
        this.mediaThreads = Executors.newFixedThreadPool(8, daemon("genesys-sandbox-media"));
        media.setExecutor(mediaThreads);
        media.createContext("/", new MediaHandler(live, signer, journal, clock));

        TokenStore tokens = new TokenStore(scenario.seed(), scenario.tokenLifetime());
        Views views = new Views(live, signer);
        ApiRouter router = new ApiRouter(new AuthHandler(scenario, tokens, journal, clock), tokens,
                new RateLimiter(scenario, journal), journal, scenario.seed(), clock);
        new AnalyticsJobsHandler(live, views, scenario).register(router);
        new AnalyticsHandler(live, views).register(router);
        new ConversationsHandler(live, views, scenario).register(router);
        new BatchHandler(live, signer, scenario, journal).register(router);
        new OrganizationHandler(live).register(router);
        new DeletionProtectionHandler(live).register(router);
        try {
            this.api = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            media.stop(0);
            mediaThreads.shutdownNow();
            throw e;
        }
        this.apiThreads = Executors.newFixedThreadPool(16, daemon("genesys-sandbox-api"));
        api.setExecutor(apiThreads);
        api.createContext("/", router);
        api.start();
        media.start();
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        this.baseUrl = URI.create("http://" + shownHost + ":" + api.getAddress().getPort());
    }

    /** Starts the sandbox; port 0 picks a free port. Media gets a second free port on the same interface. */
    public static GenesysSandbox start(Scenario scenario, String host, int port) {
        try {
            return new GenesysSandbox(scenario, host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Genesys sandbox on " + host + ":" + port, e);
        }
    }

    /** Base URL for both login ({@code POST /oauth/token}) and API ({@code /api/v2/...}), e.g. http://127.0.0.1:18080. */
    /** Conversations a client has put under Genesys' deletion protection. */
    public List<String> protectedConversationIds() {
        return live.protectedIds();
    }

    /** Held conversations whose analytics data the scenario reveals late (none unless asked for). */
    public List<String> lateConversationIds() {
        return lateConversationIds;
    }

    /** Calls still in progress when the sandbox started ({@link Scenario.Builder#liveCalls}, held or not), and when each ends. */
    public Map<String, Instant> liveConversationEnds() {
        Map<String, Instant> ends = new LinkedHashMap<>();
        for (SeededConversation c : org.conversations()) {
            if (c.end().isAfter(org.startInstant())) {
                ends.put(c.id(), c.end());
            }
        }
        return ends;
    }

    /** The org's time now: the real clock's, unless the scenario set a {@link Scenario.Builder#clockStart}. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Moves the org's time forward, as if {@code by} had passed: calls that started meanwhile appear, calls in progress
     * may end, the data lake moves on. What a simulation does instead of waiting for the next scheduled run.
     */
    public void advanceClock(Duration by) {
        clock.advance(by);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The host name media URLs use: "localhost", deliberately not the API host name. */
    public String mediaHost() {
        return MEDIA_HOST;
    }

    /** Every recording of every held conversation, with the hashes of the bytes served (computed on first call). */
    public GroundTruth groundTruth() {
        return org.groundTruth();
    }

    public Journal journal() {
        return journal;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The seeded org behind the servers (package-private: tests only). */
    SeededOrg org() {
        return org;
    }

    @Override
    public void close() {
        api.stop(0);
        media.stop(0);
        apiThreads.shutdownNow();
        mediaThreads.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
