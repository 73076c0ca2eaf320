package dev.holdfast.sandbox;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of what the sandbox saw, for tests to assert client behaviour (never log scraping). */
public final class Journal {

    private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byEndpointAndId = new ConcurrentHashMap<>();
    private final LongAdder apiRequests = new LongAdder();
    private final LongAdder tokenRequests = new LongAdder();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder retryAfterViolations = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder mediaRequests = new LongAdder();
    private final LongAdder mediaWithAuthorization = new LongAdder();
    private final List<Integer> batchRequestSizes = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Long> lastMinute = new ArrayDeque<>();
    private int peakPerMinute;

    Journal() {
    }

    /** Requests per endpoint template, e.g. {@code GET /api/v2/conversations/{id}/recordings}. */
    public Map<String, Long> requestsByEndpoint() {
        Map<String, Long> copy = new TreeMap<>();
        byEndpoint.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Requests to one endpoint template for one {@code {id}} of its path, e.g. one conversation's record. */
    public long requestsFor(String endpoint, String id) {
        LongAdder count = byEndpointAndId.get(endpoint + " " + id);
        return count == null ? 0 : count.sum();
    }

    /** All /api/v2 requests, retries and rejected ones included. */
    public long apiRequests() { return apiRequests.sum(); }
    public long tokenRequests() { return tokenRequests.sum(); }
    public long tooManyRequestsSent() { return tooManyRequests.sum(); }
    /** Requests that carried a token before that token's announced Retry-After instant. */
    public long retryAfterViolations() { return retryAfterViolations.sum(); }
    public long unauthorizedSent() { return unauthorized.sum(); }
    public long mediaRequests() { return mediaRequests.sum(); }
    /** Media requests carrying an Authorization header: must stay 0, media URLs are presigned. */
    public long mediaRequestsWithAuthorization() { return mediaWithAuthorization.sum(); }

    /** The number of items of each accepted batch download request, in the order they arrived. */
    public List<Integer> batchRequestSizes() { return List.copyOf(batchRequestSizes); }

    /** The most /api/v2 requests seen within any sliding 60 s window. */
    public synchronized int peakRequestsPerMinute() {
        return peakPerMinute;
    }

    public synchronized void reset() {
        byEndpoint.clear();
        byEndpointAndId.clear();
        apiRequests.reset();
        tokenRequests.reset();
        tooManyRequests.reset();
        retryAfterViolations.reset();
        unauthorized.reset();
        mediaRequests.reset();
        mediaWithAuthorization.reset();
        batchRequestSizes.clear();
        lastMinute.clear();
        peakPerMinute = 0;
    }

    void apiRequest(String endpoint, String id, long nowMillis) {
        apiRequests.increment();
        byEndpoint.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
        if (id != null) {
            byEndpointAndId.computeIfAbsent(endpoint + " " + id, k -> new LongAdder()).increment();
        }
        synchronized (this) {
            lastMinute.addLast(nowMillis);
            while (!lastMinute.isEmpty() && lastMinute.peekFirst() <= nowMillis - 60_000) {
                lastMinute.removeFirst();
            }
            peakPerMinute = Math.max(peakPerMinute, lastMinute.size());
        }
    }

    void tokenRequest() { tokenRequests.increment(); }
    void tooManyRequests() { tooManyRequests.increment(); }
    void retryAfterViolation() { retryAfterViolations.increment(); }
    void unauthorized() { unauthorized.increment(); }
    void batchRequest(int items) { batchRequestSizes.add(items); }

    void mediaRequest(boolean withAuthorization) {
        mediaRequests.increment();
        if (withAuthorization) {
            mediaWithAuthorization.increment();
        }
    }
}
