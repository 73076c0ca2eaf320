package dev.holdfast.app;

import dev.holdfast.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.util.Map;
import java.util.Properties;

/**
 * The settings with the same precedence as the running application (jar defaults, then the user's file,
 * environment, {@code -D}, {@code --key=value}), for commands that need no routes.
 */
public final class SettingsLoader implements AutoCloseable {

    private final DefaultCamelContext context = new DefaultCamelContext();

    public SettingsLoader(Map<String, String> overrides) {
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation(HoldfastApp.configLocations(overrides));
        Properties override = new Properties();
        override.putAll(overrides);
        properties.setOverrideProperties(override);
        context.start();
    }

    public Settings settings() {
        PropertiesComponent properties = context.getPropertiesComponent();
        return new Settings(properties::resolveProperty);
    }

    @Override
    public void close() {
        context.stop();
    }
}
