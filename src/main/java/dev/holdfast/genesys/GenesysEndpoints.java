package dev.holdfast.genesys;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.Settings;

import java.net.URI;

/** Where the Genesys API and login live, from {@code genesys.region} or the explicit URL overrides. */
public record GenesysEndpoints(URI api, URI login, String region, String clientId, String clientSecret) {

    public static GenesysEndpoints from(Settings settings) {
        String region = settings.required("genesys.region");
        URI api = uri("genesys.api-url", settings.required("genesys.api-url"));
        URI login = uri("genesys.login-url", settings.required("genesys.login-url"));
        return new GenesysEndpoints(api, login, region, settings.required("genesys.client-id"),
                settings.required("genesys.client-secret"));
    }

    private static URI uri(String key, String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("setting '" + key + "' is '" + value + "', expected an http(s) URL");
        }
    }

    @Override
    public String toString() {
        // never print the secret, not even by accident in a log of this record
        return "GenesysEndpoints[api=" + api + ", login=" + login + ", clientId=" + clientId + "]";
    }
}
