package dev.holdfast.genesys;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rules every Genesys API call of routes/genesys.camel.yaml is sent under, applied once to the camel-http
 * components: the shared token, the rate gate, a 429 pausing every thread for its {@code Retry-After}, 5xx and
 * network errors retried with backoff and jitter, one fresh token after a 401, a response that sends nothing for the
 * idle timeout (headers or body) tried once more, and the count of requests per endpoint. Every retry is bounded;
 * when they run out the call fails with {@link GenesysUnavailableException} and the work it served stays pending.
 * Requests to any other host pass untouched: the token never leaves for a host that is not the Genesys API.
 */
public final class GenesysApi implements HttpClientConfigurer, ExecChainHandler {

    /** The header a call is named by for counting ({@code GET /api/v2/conversations/{id}}); never sent. */
    public static final String CALL_HEADER = "Holdfast-Genesys-Call";

    /**
     * The header of an answer that holds the query string its request was sent with (as the route made it, e.g.
     * {@code formatId=OGG_OPUS&emailFormatId=EML}): the caller learns what was asked from the request itself, not from
     * a setting that the route may no longer use. Added to the answer here, never sent to Genesys.
     */
    public static final String SENT_QUERY_HEADER = "Holdfast-Sent-Query";

    private static final Logger LOG = LoggerFactory.getLogger(GenesysApi.class);
    private static final int MAX_RATE_LIMITED = 8;
    private static final int MAX_SERVER_ERRORS = 5;
    private static final int MAX_UNAUTHORIZED = 2;
    /** A stalled call is tried once more: each try may cost a whole idle timeout. */
    private static final int MAX_STALLS = 1;
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(3);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(15);

    private final GenesysEndpoints endpoints;
    private final TokenSource tokens;
    private final RateGate gate;
    private final Duration idleTimeout;
    private final RequestConfig requestConfig;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    /** @param idleTimeout how long a response may send nothing (before its headers or within its body) */
    @SuppressWarnings("deprecation")
    public GenesysApi(GenesysEndpoints endpoints, TokenSource tokens, RateGate gate, Duration idleTimeout) {
        this.endpoints = endpoints;
        this.tokens = tokens;
        this.gate = gate;
        this.idleTimeout = idleTimeout;
        // the response timeout is the socket's read timeout: it bounds the wait for the headers and each wait in the body
        this.requestConfig = RequestConfig.custom().setConnectTimeout(CONNECT_TIMEOUT)
                .setResponseTimeout(Timeout.of(idleTimeout)).build();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("holdfast-genesys-api", this);
        // this class is the one retry policy of a Genesys call: the client's own would retry 429s and 503s beneath it
        builder.disableAutomaticRetries();
    }

    /** Requests sent per {@code "endpoint status"}: for metrics and the call budget. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        if (!isApi(scope.route.getTargetHost())) {
            return chain.proceed(request, scope);
        }
        Header named = request.getFirstHeader(CALL_HEADER);
        String endpoint = named == null ? request.getMethod() + " " + request.getPath() : named.getValue();
        scope.clientContext.setRequestConfig(requestConfig);
        int rateLimited = 0;
        int serverErrors = 0;
        int unauthorized = 0;
        int stalls = 0;
        ClassicHttpRequest attempt = request;
        while (true) {
            ClassicHttpResponse response;
            byte[] received;
            String token;
            try {
                gate.acquire();
                // the token is taken after the wait: a pause for Retry-After may outlast the one we had
                token = tokens.token();
                attempt.removeHeaders(CALL_HEADER);
                attempt.setHeader("Authorization", "Bearer " + token);
                attempt.setHeader("Accept", "application/json");
                response = chain.proceed(attempt, scope);
                received = readAll(response, scope);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenesysUnavailableException("interrupted during " + endpoint, e);
            } catch (ConnectTimeoutException e) {
                count(endpoint, "io-error");
                if (++serverErrors > MAX_SERVER_ERRORS) {
                    throw new GenesysUnavailableException(endpoint + " unreachable after " + serverErrors + " tries: " + e, e);
                }
                backoff(serverErrors);
                attempt = retry(scope);
                continue;
            } catch (SocketTimeoutException e) {
                count(endpoint, "stalled");
                if (++stalls > MAX_STALLS) {
                    throw new GenesysUnavailableException(endpoint + " sent nothing for " + idleTimeout + ", "
                            + stalls + " times", e);
                }
                LOG.warn("{} sent nothing for {}: trying once more", endpoint, idleTimeout);
                attempt = retry(scope);
                continue;
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
                throw new GenesysUnavailableException("interrupted during " + endpoint, e);
            } catch (IOException e) {
                LOG.debug("{} failed: {}", endpoint, e.toString());
                count(endpoint, "io-error");
                if (++serverErrors > MAX_SERVER_ERRORS) {
                    throw new GenesysUnavailableException(endpoint + " unreachable after " + serverErrors + " tries: " + e, e);
                }
                backoff(serverErrors);
                attempt = retry(scope);
                continue;
            }
            int status = response.getCode();
            count(endpoint, Integer.toString(status));
            if (status == 401) {
                response.close();
                tokens.rejected(token);
                if (++unauthorized > MAX_UNAUTHORIZED) {
                    throw new GenesysAuthenticationException("Genesys keeps refusing fresh tokens of client '"
                            + endpoints.clientId() + "' on " + endpoint + " (401): check the OAuth client's permissions");
                }
                attempt = retry(scope);
                continue;
            }
            if (status == 429) {
                response.close();
                Duration retryAfter = retryAfter(response);
                gate.pauseFor(retryAfter);
                if (++rateLimited > MAX_RATE_LIMITED) {
                    throw new GenesysUnavailableException(endpoint + " still rate-limited after " + rateLimited + " waits", null);
                }
                LOG.debug("{} answered 429, every call waits {}", endpoint, retryAfter);
                attempt = retry(scope);
                continue;
            }
            if (status >= 500 || status == 408) {
                response.close();
                if (++serverErrors > MAX_SERVER_ERRORS) {
                    throw new GenesysUnavailableException(endpoint + " answered HTTP " + status + " "
                            + serverErrors + " times (correlation id " + correlation(response) + ")", null);
                }
                backoff(serverErrors);
                attempt = retry(scope);
                continue;
            }
            // the answer is read whole here, under the idle timeout and the stall retry: a JSON answer is small
            if (received != null) {
                response.setEntity(new ByteArrayEntity(received, contentType(response)));
            }
            response.setHeader(SENT_QUERY_HEADER, query(attempt));
            return response;
        }
    }

    private boolean isApi(HttpHost target) {
        URI api = endpoints.api();
        return target != null && target.getHostName().equalsIgnoreCase(api.getHost())
                && target.getSchemeName().equalsIgnoreCase(api.getScheme())
                && port(target.getPort(), target.getSchemeName()) == port(api.getPort(), api.getScheme());
    }

    private static int port(int port, String scheme) {
        return port > 0 ? port : "https".equals(scheme.toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    /** The request's query string as sent (percent-encoded), or empty. */
    private static String query(ClassicHttpRequest request) {
        String path = request.getPath();
        int mark = path == null ? -1 : path.indexOf('?');
        return mark < 0 ? "" : path.substring(mark + 1);
    }

    /** A fresh copy of the request as the route sent it: a try may have changed the one before. */
    private static ClassicHttpRequest retry(ExecChain.Scope scope) {
        return ClassicRequestBuilder.copy(scope.originalRequest).build();
    }

    private static byte[] readAll(ClassicHttpResponse response, ExecChain.Scope scope) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        try {
            return EntityUtils.toByteArray(entity);
        } catch (IOException | RuntimeException e) {
            // the connection is mid-answer: drop it at once (closing the answer would read on into the silence)
            scope.execRuntime.discardEndpoint();
            throw e;
        }
    }

    private static ContentType contentType(ClassicHttpResponse response) {
        Header type = response.getFirstHeader("Content-Type");
        try {
            return type == null ? null : ContentType.parse(type.getValue());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Duration retryAfter(ClassicHttpResponse response) {
        return Optional.ofNullable(response.getFirstHeader("Retry-After")).flatMap(h -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(h.getValue().trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).orElse(DEFAULT_RETRY_AFTER);
    }

    private static String correlation(ClassicHttpResponse response) {
        Header id = response.getFirstHeader("ININ-Correlation-Id");
        return id == null ? "none" : id.getValue();
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
}
