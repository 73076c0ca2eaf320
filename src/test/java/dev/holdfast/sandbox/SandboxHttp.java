package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mypurecloud.sdk.v2.ApiClient;
import com.mypurecloud.sdk.v2.ApiException;
import com.mypurecloud.sdk.v2.model.ErrorBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/** Test helper: plain HTTP calls to a sandbox (token, JSON requests, media hashing) and an SDK client factory. */
final class SandboxHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final GenesysSandbox sandbox;

    SandboxHttp(GenesysSandbox sandbox) {
        this.sandbox = sandbox;
    }

    HttpResponse<String> tokenResponse(String clientId, String secret, String form) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(sandbox.baseUrl().resolve("/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    String token() {
        return token(sandbox.scenario().clientId(), sandbox.scenario().clientSecret());
    }

    String token(String clientId, String secret) {
        HttpResponse<String> response = tokenResponse(clientId, secret, "grant_type=client_credentials");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).get("access_token").asText();
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Downloads a URL without any Authorization header; returns status, content type, size and SHA-256. */
    static Download download(String url) {
        try {
            HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = 0;
            byte[] head = new byte[64];
            int headLength = 0;
            StringBuilder text = new StringBuilder();
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    int copy = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, copy);
                    headLength += copy;
                    if (response.statusCode() != 200 && text.length() < 4096) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                    size += n;
                }
            }
            return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    size, HexFormat.of().formatHex(digest.digest()), java.util.Arrays.copyOf(head, headLength), text.toString(),
                    response.headers().firstValueAsLong("Content-Length").orElse(-1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outcome of one media GET. */
    record Download(int status, String contentType, long size, String sha256, byte[] head, String errorText,
            long contentLength) {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    /** An SDK client on the sandbox's base path with a token from a plain token request. */
    ApiClient sdk() {
        return sdk(token());
    }

    ApiClient sdk(String token) {
        // the SDK derives its login host by rewriting "api." to "login.", which a loopback URL cannot follow,
        // so the token comes from a plain request and is handed over
        return ApiClient.Builder.standard().withBasePath(sandbox.baseUrl().toString()).withAccessToken(token).build();
    }

    /** The ErrorBody an SDK call failed with, parsed by the SDK's own model. */
    static ErrorBody errorBody(ApiException e) {
        try {
            return JSON.readValue(e.getRawBody(), ErrorBody.class);
        } catch (IOException io) {
            throw new IllegalStateException("not an ErrorBody: " + e.getRawBody(), io);
        }
    }
}
