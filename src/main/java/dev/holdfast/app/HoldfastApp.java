package dev.holdfast.app;

import dev.holdfast.discover.Window;
import dev.holdfast.download.MediaFetcher;
import dev.holdfast.run.RunSummary;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;

/**
 * The exporter as a running Camel application: the YAML routes (from {@code ./routes} when present, else
 * those inside the jar), the settings (the jar's defaults, then {@code ./application.properties}, then
 * environment, {@code -D} and {@code --key=value}), and the beans. Commands drive it through {@link #export}.
 */
public final class HoldfastApp implements AutoCloseable {

    private final Main main;

    private HoldfastApp(Main main) {
        this.main = main;
    }

    /**
     * @param overrides {@code --key=value} settings of the command line (and the demo's own)
     * @param service   true for service mode: the schedule route starts
     */
    public static HoldfastApp start(Map<String, String> overrides, boolean service) {
        // every timestamp is UTC, in the ledger and in the bags, whatever the host's zone
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        // before the beans build the first HTTP client: the JDK fixes its buffer size then, for every client
        MediaFetcher.preferLargeHttpBuffers();
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(configLocations(overrides));
        Properties properties = new Properties();
        properties.putAll(overrides);
        properties.put("holdfast.service", Boolean.toString(service));
        main.setOverrideProperties(properties);
        main.configure().withRoutesIncludePattern(routesPattern(overrides));
        main.configure().addConfiguration(new HoldfastBeans());
        main.configure().withDurationMaxSeconds(-1);
        try {
            main.start();
        } catch (Exception e) {
            stopQuietly(main);
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return new HoldfastApp(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** One run over the window; answers its reconciliation. */
    public RunSummary export(Window window) {
        try (ProducerTemplate producer = context().createProducerTemplate()) {
            return producer.requestBody("direct:export", window, RunSummary.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    /** Blocks until the JVM is asked to stop (service mode). */
    public void awaitShutdown() throws InterruptedException {
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }));
        stopped.await();
    }

    @Override
    public void close() {
        stopQuietly(main);
    }

    private static void stopQuietly(Main main) {
        try {
            main.stop();
        } catch (RuntimeException ignored) {
            // stopping what failed to start
        }
    }

    /** A settings file of the user's (named, or in the working folder), then the jar's defaults. */
    static String configLocations(Map<String, String> overrides) {
        String named = overrides.get("holdfast.config");
        String user = named != null ? "file:" + named : "file:application.properties;optional=true";
        // Camel takes a key from the first location that has it: the user's file must come before the defaults
        return user + ",classpath:application.properties;optional=true";
    }

    /** The user's routes folder when there is one (integration teams edit the YAML in place), else the jar's. */
    private static String routesPattern(Map<String, String> overrides) {
        String named = overrides.get("holdfast.routes");
        if (named != null) {
            return "file:" + Path.of(named).toAbsolutePath() + "/*.camel.yaml";
        }
        Path local = Path.of("routes");
        if (Files.isDirectory(local)) {
            return "file:" + local.toAbsolutePath() + "/*.camel.yaml";
        }
        return "classpath:routes/*.camel.yaml";
    }
}
