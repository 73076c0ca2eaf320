package dev.holdfast.cli;

import dev.holdfast.sandbox.GenesysSandbox;

import java.util.LinkedHashMap;
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
}
