package dev.holdfast.sandbox;

import java.net.URI;

/**
 * The Genesys sandbox: a seeded Genesys Cloud org served over real HTTP (login, API and media).
 * Never imported by exporter code; the command line and the tests start it.
 * PLACEHOLDER signatures: the sandbox work fills this in.
 */
public final class GenesysSandbox implements AutoCloseable {

    public static GenesysSandbox start(Scenario scenario, String host, int port) {
        throw new UnsupportedOperationException("the sandbox lands with the foundation issue");
    }

    /** Base URL for both login and API, e.g. {@code http://127.0.0.1:18080}. */
    public URI baseUrl() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
