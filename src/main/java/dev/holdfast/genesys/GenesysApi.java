package dev.holdfast.genesys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.holdfast.http.IdleTimeoutBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends Genesys API calls under the client's rules: the shared token, the rate gate, a 429 pausing every
 * thread for its {@code Retry-After}, 5xx and network errors retried with backoff and jitter, one fresh token
 * after a 401, a response that sends nothing for the idle timeout (headers or body) tried once more. Every retry is
 * bounded; when they run out the call fails with
 * {@link GenesysUnavailableException} and the work it served stays pending.
 */
public final class GenesysApi {

    private static final Logger LOG = LoggerFactory.getLogger(GenesysApi.class);
    private static final int MAX_RATE_LIMITED = 8;
    private static final int MAX_SERVER_ERRORS = 5;
    private static final int MAX_UNAUTHORIZED = 2;
    /** A stalled call is tried once more: each try may cost a whole idle timeout. */
    private static final int MAX_STALLS = 1;
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(3);

    private final GenesysEndpoints endpoints;
    private final TokenSource tokens;
    private final RateGate gate;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration idleTimeout;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    /** @param idleTimeout how long a response may send nothing (before its headers or within its body) */
    public GenesysApi(GenesysEndpoints endpoints, TokenSource tokens, RateGate gate, HttpClient http, ObjectMapper json,
                      Duration idleTimeout) {
        this.endpoints = endpoints;
        this.tokens = tokens;
        this.gate = gate;
        this.http = http;
        this.json = json;
        this.idleTimeout = idleTimeout;
    }

    public ApiResponse get(String endpoint, String pathAndQuery) {
        return call("GET", endpoint, pathAndQuery, null);
    }

    public ApiResponse post(String endpoint, String pathAndQuery, Object body) {
        return call("POST", endpoint, pathAndQuery, body);
    }

    public ApiResponse put(String endpoint, String pathAndQuery, Object body) {
        return call("PUT", endpoint, pathAndQuery, body);
    }

    /** Requests sent per {@code "endpoint status"}: for metrics and the call budget. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    /**
     * @param endpoint the path template, for counting and logs ({@code GET /api/v2/conversations/{id}})
     */
    private ApiResponse call(String method, String endpoint, String pathAndQuery, Object body) {
        byte[] payload = body == null ? null : serialize(body);
        int rateLimited = 0;
        int serverErrors = 0;
        int unauthorized = 0;
        int stalls = 0;
        while (true) {
            HttpResponse<InputStream> response;
            byte[] received;
            String token;
            try {
                gate.acquire();
                // the token is taken after the wait: a pause for Retry-After may outlast the one we had
                token = tokens.token();
                response = http.send(request(method, pathAndQuery, payload, token), IdleTimeoutBody.handler(idleTimeout));
                try (InputStream in = response.body()) {
                    received = in.readAllBytes();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenesysUnavailableException("interrupted during " + endpoint, e);
            } catch (HttpTimeoutException e) {
                if (e instanceof HttpConnectTimeoutException) {
                    count(endpoint, "io-error");
                    if (++serverErrors > MAX_SERVER_ERRORS) {
                        throw new GenesysUnavailableException(endpoint + " unreachable after " + serverErrors + " tries: " + e, e);
                    }
                    backoff(serverErrors);
                    continue;
                }
                count(endpoint, "stalled");
                if (++stalls > MAX_STALLS) {
                    throw new GenesysUnavailableException(endpoint + " sent nothing for " + idleTimeout + ", "
                            + stalls + " times", e);
                }
                LOG.warn("{} sent nothing for {}: trying once more", endpoint, idleTimeout);
                continue;
            } catch (IOException e) {
                count(endpoint, "io-error");
                if (++serverErrors > MAX_SERVER_ERRORS) {
                    throw new GenesysUnavailableException(endpoint + " unreachable after " + serverErrors + " tries: " + e, e);
                }
                backoff(serverErrors);
                continue;
            }
            int status = response.statusCode();
            count(endpoint, Integer.toString(status));
            if (status == 401) {
                tokens.rejected(token);
                if (++unauthorized > MAX_UNAUTHORIZED) {
                    throw new GenesysAuthenticationException("Genesys keeps refusing fresh tokens of client '"
                            + endpoints.clientId() + "' on " + endpoint + " (401): check the OAuth client's permissions");
                }
                continue;
            }
            if (status == 429) {
                Duration retryAfter = retryAfter(response);
                gate.pauseFor(retryAfter);
                if (++rateLimited > MAX_RATE_LIMITED) {
                    throw new GenesysUnavailableException(endpoint + " still rate-limited after " + rateLimited + " waits", null);
                }
                LOG.debug("{} answered 429, every call waits {}", endpoint, retryAfter);
                continue;
            }
            if (status >= 500 || status == 408) {
                if (++serverErrors > MAX_SERVER_ERRORS) {
                    throw new GenesysUnavailableException(endpoint + " answered HTTP " + status + " "
                            + serverErrors + " times (correlation id " + correlation(response) + ")", null);
                }
                backoff(serverErrors);
                continue;
            }
            return new ApiResponse(status, parse(received), correlation(response));
        }
    }

    private HttpRequest request(String method, String pathAndQuery, byte[] payload, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoints.api() + pathAndQuery))
                // the wait for the headers; the body's own idle timeout covers every wait after them
                .timeout(idleTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (payload == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(payload)).build();
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(DEFAULT_RETRY_AFTER);
    }

    private static String correlation(HttpResponse<?> response) {
        return response.headers().firstValue("ININ-Correlation-Id").orElse("none");
    }

    private static void backoff(int attempt) {
        long base = Math.min(8_000, 250L << Math.min(attempt, 6));
        long jittered = (long) (base * (0.8 + ThreadLocalRandom.current().nextDouble() * 0.4));
        try {
            TimeUnit.MILLISECONDS.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysUnavailableException("interrupted during backoff", e);
        }
    }

    private void count(String endpoint, String outcome) {
        requests.computeIfAbsent(endpoint + " " + outcome, k -> new LongAdder()).increment();
    }

    private byte[] serialize(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
