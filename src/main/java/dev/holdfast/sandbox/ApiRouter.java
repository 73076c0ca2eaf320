package dev.holdfast.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Serves the API port: /oauth/token goes to the auth handler; /api/v2/** is matched against the route table,
 * journaled, authenticated, rate-limited and handed to its area's handler; errors become Genesys ErrorBodies.
 */
final class ApiRouter implements HttpHandler {

    /** Handles one matched, admitted API call. */
    @FunctionalInterface
    interface Handler {
        Reply handle(ApiCall call);
    }

    private record Route(String method, String template, List<String> segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final HttpHandler auth;
    private final TokenStore tokens;
    private final RateLimiter limiter;
    private final Journal journal;
    private final SandboxClock clock;
    private final SplittableRandom contextIds;

    ApiRouter(HttpHandler auth, TokenStore tokens, RateLimiter limiter, Journal journal, long seed, SandboxClock clock) {
        this.clock = clock;
        this.auth = auth;
        this.tokens = tokens;
        this.limiter = limiter;
        this.journal = journal;
        this.contextIds = SeededOrg.stream(seed, 50);
    }

    /** Adds a route; literal routes must be added before parameterised ones that would also match. */
    ApiRouter route(String method, String template, Handler handler) {
        routes.add(new Route(method, template, HttpIo.segments(template), handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String contextId = nextContextId();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ININ-Correlation-Id", contextId);
        try {
            String rawPath = exchange.getRequestURI().getRawPath();
            if ("/oauth/token".equals(rawPath)) {
                auth.handle(exchange);
                return;
            }
            if (!rawPath.startsWith("/api/v2/")) {
                throw ApiError.notFound("The requested resource was not found.");
            }
            serveApi(exchange, rawPath, headers);
        } catch (ApiError e) {
            headers.putAll(e.headers);
            HttpIo.sendJson(exchange, e.status, e.body(contextId), headers);
        } catch (RuntimeException e) {
            // never a stack trace on the wire: a plain Genesys 500
            ApiError error = new ApiError(500, "internal.server.error",
                    "The server encountered an unexpected condition which prevented it from fulfilling the request.");
            HttpIo.sendJson(exchange, 500, error.body(contextId), headers);
        } finally {
            exchange.close();
        }
    }

    private void serveApi(HttpExchange exchange, String rawPath, Map<String, String> headers) throws IOException {
        long nowMillis = clock.millis();
        Instant now = Instant.ofEpochMilli(nowMillis);
        String method = exchange.getRequestMethod();
        List<String> segments = HttpIo.segments(rawPath);
        Map<String, String> params = new HashMap<>();
        Route route = match(method, segments, params);
        journal.apiRequest(method + " " + (route == null ? "(unknown)" : route.template), params.get("id"), nowMillis);
        if (route == null) {
            throw ApiError.notFound("The requested resource was not found.");
        }
        TokenStore.Token token = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), now);
        RateLimiter.Verdict verdict = limiter.admit(token, nowMillis);
        headers.putAll(verdict.headers());
        if (verdict.error() != null) {
            throw verdict.error();
        }
        byte[] body = HttpIo.readBody(exchange);
        if (body == null) {
            throw new ApiError(413, "request.entity.too.large", "The request is over the size limit.");
        }
        ApiCall call = new ApiCall(method, params, HttpIo.query(exchange.getRequestURI().getRawQuery()), body, token, now);
        Reply reply = route.handler.handle(call);
        headers.putAll(reply.headers());
        HttpIo.sendJson(exchange, reply.status(), reply.body(), headers);
    }

    private TokenStore.Token authenticate(String authorization, Instant now) {
        String value = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = authorization.substring(7).trim();
        }
        TokenStore.Token token = tokens.find(value);
        if (token == null) {
            journal.unauthorized();
            throw new ApiError(401, "authentication.required", "No authentication bearer token specified in authorization header.");
        }
        if (!now.isBefore(token.expires)) {
            journal.unauthorized();
            throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
        }
        return token;
    }

    private Route match(String method, List<String> segments, Map<String, String> params) {
        for (Route route : routes) {
            Map<String, String> found = route.method.equals(method) ? matchSegments(route.segments, segments) : null;
            if (found != null) {
                params.putAll(found);
                return route;
            }
        }
        return null;
    }

    private static Map<String, String> matchSegments(List<String> template, List<String> actual) {
        if (template.size() != actual.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), actual.get(i));
            } else if (!t.equals(actual.get(i))) {
                return null;
            }
        }
        return params;
    }

    private String nextContextId() {
        synchronized (contextIds) {
            return SeededOrg.uuid(contextIds);
        }
    }
}
