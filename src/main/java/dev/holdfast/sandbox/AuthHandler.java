package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** POST /oauth/token: the client-credentials grant with HTTP Basic client authentication, as the SDKs send it. */
final class AuthHandler implements HttpHandler {

    private final Map<String, String> clients;
    private final TokenStore tokens;
    private final Journal journal;
    private final SandboxClock clock;

    AuthHandler(Scenario scenario, TokenStore tokens, Journal journal, SandboxClock clock) {
        this.clock = clock;
        Map<String, String> all = new LinkedHashMap<>(scenario.extraClients());
        all.put(scenario.clientId(), scenario.clientSecret());
        this.clients = Map.copyOf(all);
        this.tokens = tokens;
        this.journal = journal;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        journal.tokenRequest();
        if (!"POST".equals(exchange.getRequestMethod())) {
            HttpIo.sendJson(exchange, 405, oauthError("invalid_request", "HTTP method not supported"), Map.of());
            return;
        }
        byte[] body = HttpIo.readBody(exchange);
        String clientId = authenticatedClient(exchange.getRequestHeaders().getFirst("Authorization"));
        if (clientId == null) {
            HttpIo.sendJson(exchange, 401, oauthError("invalid_client", "client authentication failed"), Map.of());
            return;
        }
        Map<String, List<String>> form = HttpIo.query(body == null ? "" : new String(body, StandardCharsets.UTF_8));
        List<String> grant = form.get("grant_type");
        if (grant == null || !List.of("client_credentials").equals(grant)) {
            HttpIo.sendJson(exchange, 400, oauthError("unauthorized_client",
                    "client is not authorized to use the " + (grant == null ? "requested" : grant.get(0)) + " grant type"), Map.of());
            return;
        }
        TokenStore.Token token = tokens.issue(clientId, clock.instant());
        ObjectNode answer = Json.object();
        answer.put("access_token", token.value);
        answer.put("token_type", "bearer");
        answer.put("expires_in", tokens.expiresInSeconds());
        HttpIo.sendJson(exchange, 200, answer, Map.of("Cache-Control", "no-store"));
    }

    /** The client id when the Basic credentials match a known client, else null. */
    private String authenticatedClient(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        return secret.equals(clients.get(id)) ? id : null;
    }

    private static ObjectNode oauthError(String error, String description) {
        ObjectNode node = Json.object();
        node.put("error", error);
        node.put("description", description);
        node.put("error_description", description);
        return node;
    }
}
