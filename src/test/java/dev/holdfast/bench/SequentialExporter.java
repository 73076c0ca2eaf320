package dev.holdfast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The baseline Holdfast is measured against: the sequential approach of Genesys' recordings-downloader
 * tutorial, made correct for legal hold. Details query for the window, each conversation's record (the
 * synchronous query carries no participant attributes, so this is the only way to see the hold), recording
 * metadata of each held conversation, then one batch download request per recording, polled every 5 s until
 * {@code resultCount == expectedResultCount}, and the result downloaded without credentials. One thing at a
 * time; archived recordings are skipped, as the tutorial does (their batch result is an error message).
 */
public final class SequentialExporter {

    /** What one export delivered: SHA-256 by {@code conversationId/recordingId}, and what was skipped. */
    public record Result(Map<String, String> sha256ByRecording, long bytes, int skipped, int heldConversations) {
        public int delivered() {
            return sha256ByRecording.size();
        }
    }

    private static final int PAGE_SIZE = 100;

    private final URI api;
    private final URI login;
    private final String clientId;
    private final String clientSecret;
    private final String holdAttribute;
    private final String holdValue;
    private final Duration pollEvery;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String token;

    /** @param pollEvery the tutorial's 5 s; shorter only to keep its own test fast */
    public SequentialExporter(URI api, URI login, String clientId, String clientSecret,
            String holdAttribute, String holdValue, Duration pollEvery) {
        this.api = api;
        this.login = login;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.holdAttribute = holdAttribute;
        this.holdValue = holdValue;
        this.pollEvery = pollEvery;
    }

    /** Exports every held recording of conversations that started in {@code [from, to)} into {@code dir}. */
    public Result export(Instant from, Instant to, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Map<String, String> delivered = new LinkedHashMap<>();
        long bytes = 0;
        int skipped = 0;
        int held = 0;
        for (String conversationId : conversationsIn(from, to)) {
            JsonNode conversation = get("/api/v2/conversations/" + segment(conversationId));
            if (!isHeld(conversation)) {
                continue;
            }
            held++;
            for (JsonNode metadata : get("/api/v2/conversations/" + segment(conversationId) + "/recordingmetadata")) {
                String recordingId = metadata.path("id").asText();
                JsonNode status = batchFor(conversationId, recordingId);
                boolean got = false;
                for (JsonNode result : status.path("results")) {
                    String url = result.path("resultUrl").asText("");
                    if (url.isEmpty() || got) {
                        continue;
                    }
                    Path file = dir.resolve(conversationId + "_" + recordingId + "." + extension(result));
                    String sha = download(url, file);
                    bytes += Files.size(file);
                    delivered.put(conversationId + "/" + recordingId, sha);
                    got = true;
                }
                if (!got) {
                    skipped++;
                }
            }
        }
        return new Result(delivered, bytes, skipped, held);
    }

    private List<String> conversationsIn(Instant from, Instant to) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            Map<String, Object> body = Map.of("interval", from + "/" + to, "order", "asc", "orderBy", "conversationStart",
                    "paging", Map.of("pageSize", PAGE_SIZE, "pageNumber", page));
            JsonNode answer = send("POST", "/api/v2/analytics/conversations/details/query", body);
            JsonNode conversations = answer.path("conversations");
            for (JsonNode c : conversations) {
                Instant start = Instant.parse(c.path("conversationStart").asText());
                if (!start.isBefore(from) && start.isBefore(to)) {
                    ids.add(c.path("conversationId").asText());
                }
            }
            if (conversations.size() < PAGE_SIZE || (long) page * PAGE_SIZE >= answer.path("totalHits").asLong()) {
                return ids;
            }
        }
    }

    private boolean isHeld(JsonNode conversation) {
        for (JsonNode participant : conversation.path("participants")) {
            if (holdValue.equals(participant.path("attributes").path(holdAttribute).asText(null))) {
                return true;
            }
        }
        return false;
    }

    /** One batch request for one recording, polled (at once, then every {@link #pollEvery}) until complete. */
    private JsonNode batchFor(String conversationId, String recordingId) throws IOException, InterruptedException {
        JsonNode submitted = send("POST", "/api/v2/recording/batchrequests", Map.of("batchDownloadRequestList",
                List.of(Map.of("conversationId", conversationId, "recordingId", recordingId))));
        String jobId = submitted.path("id").asText();
        while (true) {
            JsonNode status = get("/api/v2/recording/batchrequests/" + segment(jobId));
            int expected = status.path("expectedResultCount").asInt(-1);
            if (expected >= 0 && status.path("resultCount").asInt() == expected
                    && "Completed".equalsIgnoreCase(status.path("status").asText("Completed"))) {
                return status;
            }
            TimeUnit.MILLISECONDS.sleep(pollEvery.toMillis());
        }
    }

    private String download(String url, Path file) throws IOException, InterruptedException {
        // presigned: no Authorization header
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("media answered " + response.statusCode());
        }
        MessageDigest sha256 = sha256();
        try (InputStream in = response.body();
             OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    /** One API call with the tutorial-grade courtesies: waits out a 429's Retry-After, retries 5xx, renews a token. */
    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            if (token == null) {
                token = fetchToken();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 200 || status == 202) {
                return json.readTree(response.body());
            }
            if (attempt >= 10) {
                throw new IOException(method + " " + path + " answered " + status + " " + attempt + " times");
            }
            if (status == 401) {
                token = null;
            } else if (status == 429) {
                long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(3L);
                TimeUnit.SECONDS.sleep(seconds);
            } else if (status >= 500) {
                TimeUnit.SECONDS.sleep(1);
            } else {
                throw new IOException(method + " " + path + " answered " + status);
            }
        }
    }

    private String fetchToken() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(login.resolve("/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("token endpoint answered " + response.statusCode());
        }
        return json.readTree(response.body()).path("access_token").asText();
    }

    /** As the tutorial: the part of the content type after '/', at most 4 characters. */
    private static String extension(JsonNode result) {
        String type = result.path("contentType").asText("application/octet-stream");
        String sub = type.substring(type.indexOf('/') + 1).replaceAll("[^a-zA-Z0-9]", "");
        return sub.isEmpty() ? "bin" : sub.substring(0, Math.min(4, sub.length()));
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
