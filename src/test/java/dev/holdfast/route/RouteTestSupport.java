package dev.holdfast.route;

import dev.holdfast.app.HoldfastBeans;
import dev.holdfast.cli.SandboxSettings;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.sandbox.GenesysSandbox;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;

/**
 * The real routes and beans under Camel's own test kit, against a Genesys sandbox the test class starts: the shipped
 * {@code application.properties}, a fresh H2 ledger, advice before the context starts. One context for the class:
 * starting the application is most of a test's time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RouteTestSupport extends CamelMainTestSupport {

    /**
     * The sandbox the routes call. Started with the test class (a static field): Camel's test support reads the
     * settings while it constructs the test.
     */
    protected abstract GenesysSandbox sandbox();

    @BeforeAll
    static void utc() {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    void stopSandbox() {
        sandbox().close();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(new HoldfastBeans());
        configuration.withRoutesIncludePattern("file:routes/*.camel.yaml");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Path work = Path.of("target", "route-tests", getClass().getSimpleName() + "-" + UUID.randomUUID());
        Properties properties = new Properties();
        properties.putAll(SandboxSettings.pointingAt(sandbox()));
        properties.put("holdfast.db.url", "jdbc:h2:file:" + work.resolve("ledger").toAbsolutePath());
        properties.put("holdfast.spool-dir", work.resolve("spool").toAbsolutePath().toString());
        properties.put("holdfast.file.dir", work.resolve("export").toAbsolutePath().toString());
        properties.put("holdfast.service", "false");
        return properties;
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    protected Ledger ledger() {
        return context.getRegistry().lookupByNameAndType("ledger", Ledger.class);
    }
}
