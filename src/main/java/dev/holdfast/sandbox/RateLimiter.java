package dev.holdfast.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Admits or refuses each authenticated /api/v2 request: the per-token sliding 60 s limit (429 with Retry-After),
 * then the injected 429s and 5xx of the scenario, drawn from a seeded stream in request order.
 */
final class RateLimiter {

    /** The outcome for one request: an error to send instead (or null), and the rate-limit headers to add. */
    record Verdict(ApiError error, Map<String, String> headers) {
    }

    private static final int[] FAULT_STATUSES = {500, 502, 503};
    private static final long IN_FLIGHT_GRACE_MILLIS = 100;

    private final int limit;
    private final double rate429;
    private final double rate5xx;
    private final Journal journal;
    private final SplittableRandom faults;

    RateLimiter(Scenario scenario, Journal journal) {
        this.limit = scenario.rateLimitPerMinute();
        this.rate429 = scenario.rate429();
        this.rate5xx = scenario.rate5xx();
        this.journal = journal;
        this.faults = SeededOrg.stream(scenario.seed(), 40);
    }

    Verdict admit(TokenStore.Token token, long nowMillis) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("inin-ratelimit-allowed", Integer.toString(limit));
        synchronized (token) {
            // a request already in flight when the 429 went out could not have known of it: the client is
            // judged on what it sends after the answer reached it (loopback: well within the grace)
            if (Instant.ofEpochMilli(nowMillis).isBefore(token.retryNotBefore)
                    && nowMillis >= token.retryAnnouncedAt + IN_FLIGHT_GRACE_MILLIS) {
                journal.retryAfterViolation();
            }
            while (!token.window.isEmpty() && token.window.peekFirst() <= nowMillis - 60_000) {
                token.window.removeFirst();
            }
            long resetSeconds = token.window.isEmpty() ? 60
                    : Math.max(1, (token.window.peekFirst() + 60_000 - nowMillis + 999) / 1000);
            if (token.window.size() >= limit) {
                headers.put("inin-ratelimit-count", Integer.toString(token.window.size()));
                headers.put("inin-ratelimit-reset", Long.toString(resetSeconds));
                return new Verdict(tooManyRequests(token, nowMillis, resetSeconds, headers), headers);
            }
            // one fixed set of draws per request keeps the fault sequence a pure function of the request order
            double u429;
            double u5xx;
            int retryAfter;
            int status;
            synchronized (faults) {
                u429 = faults.nextDouble();
                u5xx = faults.nextDouble();
                retryAfter = 1 + faults.nextInt(2);
                status = FAULT_STATUSES[faults.nextInt(FAULT_STATUSES.length)];
            }
            if (u429 < rate429) {
                headers.put("inin-ratelimit-count", Integer.toString(token.window.size()));
                headers.put("inin-ratelimit-reset", Long.toString(resetSeconds));
                return new Verdict(tooManyRequests(token, nowMillis, retryAfter, headers), headers);
            }
            token.window.addLast(nowMillis);
            headers.put("inin-ratelimit-count", Integer.toString(token.window.size()));
            headers.put("inin-ratelimit-reset", Long.toString(resetSeconds));
            if (u5xx < rate5xx) {
                return new Verdict(serverError(status), headers);
            }
            return new Verdict(null, headers);
        }
    }

    private ApiError tooManyRequests(TokenStore.Token token, long nowMillis, long seconds, Map<String, String> headers) {
        token.retryNotBefore = Instant.ofEpochMilli(nowMillis).plusSeconds(seconds);
        token.retryAnnouncedAt = nowMillis;
        journal.tooManyRequests();
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Retry-After", Long.toString(seconds));
        return new ApiError(429, "too.many.requests.retry.after",
                "Rate limit exceeded the maximum. Retry the request in [" + seconds + "] seconds",
                "Rate limit exceeded the maximum. Retry the request in [{0}] seconds",
                Map.of("0", Long.toString(seconds)), h);
    }

    private static ApiError serverError(int status) {
        return switch (status) {
            case 502 -> new ApiError(502, "bad.gateway", "The server received an invalid response from an upstream server.");
            case 503 -> new ApiError(503, "service.unavailable", "Service is currently unavailable. Please try again later.");
            default -> new ApiError(500, "internal.server.error",
                    "The server encountered an unexpected condition which prevented it from fulfilling the request.");
        };
    }
}
