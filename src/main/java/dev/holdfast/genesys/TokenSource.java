package dev.holdfast.genesys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.http.IdleTimeoutBody;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One shared OAuth client-credentials token for every thread. It is refreshed before it expires (with a skew)
 * and after a 401; refreshes are single-flight, so a burst of 401s asks the login host once.
 */
public final class TokenSource {

    /** How long the login host may send nothing, before its headers or within its answer. */
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

    private final GenesysEndpoints endpoints;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicLong tokenRequests = new AtomicLong();
    private Token current;

    public TokenSource(GenesysEndpoints endpoints, HttpClient http, ObjectMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** A token valid for a while yet; fetches one when there is none or it is about to expire. */
    public synchronized String token() {
        if (current == null || !clock.instant().isBefore(current.refreshAt())) {
            current = fetch();
        }
        return current.value();
    }

    /** The API refused this token: forget it, unless another thread has already replaced it. */
    public synchronized void rejected(String token) {
        if (current != null && current.value().equals(token)) {
            current = null;
        }
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    private Token fetch() {
        String basic = Base64.getEncoder().encodeToString(
                (endpoints.clientId() + ":" + endpoints.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoints.login() + "/oauth/token"))
                .timeout(LOGIN_TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        tokenRequests.incrementAndGet();
        HttpResponse<java.io.InputStream> response;
        String answer;
        try {
            // a login host that stops mid-answer fails the login instead of blocking it for ever
            response = http.send(request, IdleTimeoutBody.handler(LOGIN_TIMEOUT));
            try (java.io.InputStream in = response.body()) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new GenesysUnavailableException("login host " + endpoints.login().getHost() + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysUnavailableException("interrupted while logging in", e);
        }
        if (response.statusCode() == 400 || response.statusCode() == 401 || response.statusCode() == 403) {
            throw new GenesysAuthenticationException("Genesys refused the client credentials of client id '"
                    + endpoints.clientId() + "' at " + endpoints.login() + " (HTTP " + response.statusCode()
                    + "): check genesys.client-id and GENESYS_CLIENT_SECRET, and that the OAuth client uses the"
                    + " client-credentials grant");
        }
        if (response.statusCode() != 200) {
            throw new GenesysUnavailableException("login answered HTTP " + response.statusCode(), null);
        }
        try {
            JsonNode body = json.readTree(answer);
            String value = body.path("access_token").asText("");
            long expiresIn = body.path("expires_in").asLong(0);
            if (value.isEmpty() || expiresIn <= 0) {
                throw new GenesysUnavailableException("login answer carries no usable token", null);
            }
            // refresh when 80% of the lifetime is spent, so a long call never starts with a dying token
            Instant refreshAt = clock.instant().plusMillis(expiresIn * 800);
            return new Token(value, refreshAt);
        } catch (IOException e) {
            throw new GenesysUnavailableException("login answer is not JSON", e);
        }
    }

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Token[refreshAt=" + refreshAt + "]";
        }
    }
}
