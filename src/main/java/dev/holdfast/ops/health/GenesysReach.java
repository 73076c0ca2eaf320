package dev.holdfast.ops.health;

import dev.holdfast.genesys.TokenSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether a Genesys token can be had now: the shared token (fetched with the client credentials when there is
 * none or it is old), and the login host still answering, since a cached token says nothing about that.
 */
public final class GenesysReach {

    private final TokenSource tokens;
    private final URI login;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public GenesysReach(TokenSource tokens, URI login) {
        this.tokens = tokens;
        this.login = login;
    }

    /** Throws when no token can be had; answers what was checked. */
    public String check() throws IOException, InterruptedException {
        tokens.token();
        // any answer will do: the host is up; the token endpoint itself is only asked when a token is due
        http.send(HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        return "token obtainable, login host " + login.getHost() + " answers";
    }
}
