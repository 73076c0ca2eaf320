package dev.holdfast.cli;

import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings that point the exporter at a running Genesys sandbox: its URLs, its demo client, its media host. */
public final class SandboxSettings {

    private SandboxSettings() {
    }

    public static Map<String, String> pointingAt(GenesysSandbox sandbox) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("genesys.api-url", sandbox.baseUrl().toString());
        settings.put("genesys.login-url", sandbox.baseUrl().toString());
        settings.put("genesys.client-id", sandbox.scenario().clientId());
        settings.put("genesys.client-secret", sandbox.scenario().clientSecret());
        settings.put("holdfast.media.allowed-hosts", sandbox.mediaHost());
        return settings;
    }

    /**
     * The scenario with the email, chat and messaging conversations {@code --sandbox.media-types} names
     * ({@code email,chat,message}); unchanged without it.
     */
    public static Scenario withMediaTypes(Scenario scenario, Map<String, String> overrides) {
        String types = overrides.getOrDefault("sandbox.media-types", "").trim();
        if (types.isEmpty()) {
            return scenario;
        }
        List<String> list = Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        return scenario.toBuilder().mediaTypes(list).build();
    }
}
