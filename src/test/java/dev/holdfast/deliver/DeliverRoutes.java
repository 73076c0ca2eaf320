package dev.holdfast.deliver;

import dev.holdfast.integrity.Sha256;

import dev.holdfast.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The deliver routes booted as the application boots them: camel-main with {@code application.properties}, the
 * YAML files {@code routes/deliver*.camel.yaml} and {@link DeliveryBeans}, with test settings on top.
 */
final class DeliverRoutes implements AutoCloseable {

    private final Main main;
    private final ProducerTemplate template;

    private DeliverRoutes(Main main) {
        this.main = main;
        this.template = main.getCamelContext().createProducerTemplate();
    }

    static DeliverRoutes start(Map<String, String> settings) {
        return start(settings, UnaryOperator.identity());
    }

    /** @param confirmationView wraps the reader the delivery checks see (e.g. to simulate a stale HEAD) */
    static DeliverRoutes start(Map<String, String> settings, UnaryOperator<DestinationReader> confirmationView) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        settings.forEach(main::addOverrideProperty);
        main.configure().withRoutesIncludePattern("file:routes/deliver*.camel.yaml");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                DeliveryBeans.register(context.getRegistry(),
                        new Settings(key -> context.getPropertiesComponent().resolveProperty(key)), confirmationView);
            }
        });
        main.start();
        return new DeliverRoutes(main);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    /** Sends one delivery through {@code direct:deliver}; the exchange carries the outcome or the exception. */
    Exchange deliver(Object body, String key, String sha256, long size, String contentType) {
        return template.send("direct:deliver", exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeader("HoldfastKey", key);
            exchange.getIn().setHeader("HoldfastSha256", sha256);
            exchange.getIn().setHeader("HoldfastSize", size);
            exchange.getIn().setHeader("HoldfastContentType", contentType);
        });
    }

    Exchange deliver(SpoolFile spool, String key) {
        return deliver(spool.path().toFile(), key, spool.sha256(), spool.size(), "audio/wav");
    }

    Exchange deliverText(String text, String key) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return deliver(text, key, Sha256.of(bytes), bytes.length, "application/json");
    }

    @Override
    public void close() {
        template.stop();
        main.stop();
    }

    /** A recording in the spool: deterministic bytes (seeded), their SHA-256 and size. */
    record SpoolFile(Path path, String sha256, long size) {

        static SpoolFile write(Path dir, String name, long size, long seed) throws IOException {
            Path path = dir.resolve(name);
            Random random = new Random(seed);
            byte[] block = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(path)) {
                for (long left = size; left > 0; left -= block.length) {
                    random.nextBytes(block);
                    out.write(block, 0, (int) Math.min(block.length, left));
                }
            }
            try (InputStream in = Files.newInputStream(path)) {
                return new SpoolFile(path, Sha256.measure(in).sha256(), size);
            }
        }
    }
}
