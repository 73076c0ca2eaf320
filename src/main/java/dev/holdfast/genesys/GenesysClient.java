package dev.holdfast.genesys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.holdfast.config.RouteKeys;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Genesys calls Holdfast makes, with the answers of GENESYS-API.md. Each is sent to its route in
 * routes/genesys.camel.yaml ({@code direct:genesys-...}), which holds its path and query parameters; {@link GenesysApi}
 * applies the token, rate gate and retries to every one of them. Ids are handed to the routes percent-encoded.
 */
public final class GenesysClient {

    private static final String DETAILS_QUERY = "/api/v2/analytics/conversations/details/query";
    private static final String DETAILS_JOBS = "/api/v2/analytics/conversations/details/jobs";

    private final ProducerTemplate routes;
    private final GenesysApi api;
    private final ObjectMapper json;

    /** @param routes sends to the routes of genesys.camel.yaml */
    public GenesysClient(ProducerTemplate routes, GenesysApi api, ObjectMapper json) {
        this.routes = routes;
        this.api = api;
        this.json = json;
    }

    public GenesysApi api() {
        return api;
    }

    public JsonNode organization() {
        String endpoint = "GET /api/v2/organizations/me";
        return ok(endpoint, call("genesys-organization", endpoint, Map.of(), null)).body();
    }

    /** Before this instant the analytics data lake is complete. */
    public Instant dataAvailabilityDate() {
        String endpoint = "GET " + DETAILS_JOBS + "/availability";
        JsonNode body = ok(endpoint, call("genesys-availability", endpoint, Map.of(), null)).body();
        return Instant.parse(body.path("dataAvailabilityDate").asText());
    }

    public String createDetailsJob(Instant from, Instant to) {
        String endpoint = "POST " + DETAILS_JOBS;
        ApiResponse response = call("genesys-details-job", endpoint, Map.of(),
                Map.of("interval", from + "/" + to, "order", "asc", "orderBy", "conversationStart"));
        if (response.status() != 202 && response.status() != 200) {
            throw new GenesysRequestException(endpoint, response);
        }
        return response.body().path("jobId").asText();
    }

    /** QUEUED, PENDING, FULFILLED, FAILED, CANCELLED or EXPIRED. */
    public String detailsJobState(String jobId) {
        String endpoint = "GET " + DETAILS_JOBS + "/{jobId}";
        ApiResponse response = call("genesys-details-job-state", endpoint, Map.of(RouteKeys.GENESYS_JOB_ID, segment(jobId)), null);
        if (response.status() != 200 && response.status() != 202) {
            throw new GenesysRequestException(endpoint, response);
        }
        return response.body().path("state").asText("");
    }

    /** One page of a fulfilled job: {@code conversations}, {@code cursor} (absent on the last page). */
    public JsonNode detailsJobResults(String jobId, String cursor, int pageSize) {
        String endpoint = "GET " + DETAILS_JOBS + "/{jobId}/results";
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(RouteKeys.GENESYS_JOB_ID, segment(jobId));
        values.put(RouteKeys.GENESYS_PAGE_SIZE, pageSize);
        if (cursor != null) {
            values.put(RouteKeys.GENESYS_CURSOR, query(cursor));
        }
        return ok(endpoint, call("genesys-details-job-results", endpoint, values, null)).body();
    }

    /** One page (1-based) of the synchronous details query; its participants carry no attributes. */
    public JsonNode detailsQuery(Instant from, Instant to, int pageNumber, int pageSize) {
        String endpoint = "POST " + DETAILS_QUERY;
        // newest first: the query answers whole days, and a window ends at the newest call far more often than
        // it starts at the day's first (every scheduled run's tail ends now)
        Map<String, Object> body = Map.of("interval", from + "/" + to, "order", "desc", "orderBy", "conversationStart",
                "paging", Map.of("pageSize", pageSize, "pageNumber", pageNumber));
        return ok(endpoint, call("genesys-details-query", endpoint, Map.of(), body)).body();
    }

    /** The conversation with its participants' attributes, or empty when Genesys does not know it. */
    public Optional<JsonNode> conversation(String conversationId) {
        String endpoint = "GET /api/v2/conversations/{id}";
        ApiResponse response = call("genesys-conversation", endpoint,
                Map.of(RouteKeys.GENESYS_CONVERSATION_ID, segment(conversationId)), null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(ok(endpoint, response).body());
    }

    /** Several conversations' analytics records in one call (unknown ids are left out of the answer). */
    public List<JsonNode> analyticsDetails(List<String> conversationIds) {
        String endpoint = "GET /api/v2/analytics/conversations/details";
        String ids = String.join(",", conversationIds.stream().map(GenesysClient::query).toList());
        List<JsonNode> conversations = new ArrayList<>();
        ok(endpoint, call("genesys-analytics-details", endpoint, Map.of(RouteKeys.GENESYS_IDS, ids), null)).body()
                .path("conversations").forEach(conversations::add);
        return conversations;
    }

    /**
     * Every recording of the conversation with fresh media URLs, or empty while Genesys still transcodes
     * (202: the list endpoint waits up to {@code maxWaitMs} first). The formats asked for are the route's
     * ({@code formatId} and the one per media type); {@code formatId} here is holdfast.format, which it uses. Each
     * recording carries the {@code formatId} the request was actually sent with, whatever the route says.
     */
    public Optional<List<Recording>> recordings(String conversationId, String formatId, int maxWaitMs) {
        String endpoint = "GET /api/v2/conversations/{id}/recordings";
        ApiResponse response = call("genesys-recordings", endpoint, Map.of(
                RouteKeys.GENESYS_CONVERSATION_ID, segment(conversationId), RouteKeys.GENESYS_MAX_WAIT_MS, maxWaitMs), null);
        if (response.status() == 202) {
            return Optional.empty();
        }
        List<Recording> recordings = new ArrayList<>();
        for (JsonNode node : ok(endpoint, response).body()) {
            recordings.add(Recording.of(node).askedWith(formatAsked(response, node)));
        }
        return Optional.of(recordings);
    }

    /** One recording with a fresh media URL; a 202 answer (still transcoding) has no URL yet. */
    public Recording recording(String conversationId, String recordingId, String formatId) {
        String endpoint = "GET /api/v2/conversations/{id}/recordings/{recordingId}";
        ApiResponse response = call("genesys-recording", endpoint, Map.of(
                RouteKeys.GENESYS_CONVERSATION_ID, segment(conversationId),
                RouteKeys.GENESYS_RECORDING_ID, segment(recordingId)), null);
        if (response.status() == 202) {
            Recording transcoding = Recording.of(response.body());
            return new Recording(recordingId, conversationId, "TRANSCODING", transcoding.mediaSubtype(), null,
                    transcoding.estimatedTranscodeTimeMs(), null, response.body());
        }
        JsonNode body = ok(endpoint, response).body();
        return Recording.of(body).askedWith(formatAsked(response, body));
    }

    /**
     * The format the request asked for this recording, as it was sent: {@code emailFormatId}, {@code chatFormatId}
     * or {@code messageFormatId} for those media, {@code formatId} for audio and screen; null when it sent none.
     */
    private static String formatAsked(ApiResponse response, JsonNode recording) {
        String parameter = switch (recording.path("media").asText("")) {
            case "email" -> "emailFormatId";
            case "chat" -> "chatFormatId";
            case "messaging" -> "messageFormatId";
            default -> "formatId";
        };
        return response.sentParameter(parameter).orElse(null);
    }

    /** The recordings of a conversation without media: fast, never 202. */
    public List<JsonNode> recordingMetadata(String conversationId) {
        String endpoint = "GET /api/v2/conversations/{id}/recordingmetadata";
        List<JsonNode> list = new ArrayList<>();
        ok(endpoint, call("genesys-recording-metadata", endpoint,
                Map.of(RouteKeys.GENESYS_CONVERSATION_ID, segment(conversationId)), null)).body().forEach(list::add);
        return list;
    }

    /** Asks Genesys to restore an archived recording until {@code archiveDate}. */
    public Recording restore(String conversationId, String recordingId, Instant archiveDate) {
        String endpoint = "PUT /api/v2/conversations/{id}/recordings/{recordingId}";
        return Recording.of(ok(endpoint, call("genesys-restore", endpoint, Map.of(
                RouteKeys.GENESYS_CONVERSATION_ID, segment(conversationId),
                RouteKeys.GENESYS_RECORDING_ID, segment(recordingId)),
                Map.of("archiveDate", archiveDate.toString()))).body());
    }

    /** Submits up to 100 recordings for batch download; answers the job id. */
    public String submitBatch(List<BatchItem> items) {
        if (items.isEmpty() || items.size() > 100) {
            throw new IllegalArgumentException("a batch request holds 1 to 100 recordings, not " + items.size());
        }
        String endpoint = "POST /api/v2/recording/batchrequests";
        return ok(endpoint, call("genesys-batch-submit", endpoint, Map.of(),
                Map.of("batchDownloadRequestList", items))).body().path("id").asText();
    }

    /** {@code status} InProgress or Completed, {@code results} with {@code resultUrl} or {@code errorMsg}. */
    public JsonNode batchStatus(String jobId) {
        String endpoint = "GET /api/v2/recording/batchrequests/{jobId}";
        return ok(endpoint, call("genesys-batch-status", endpoint, Map.of(RouteKeys.GENESYS_JOB_ID, segment(jobId)), null)).body();
    }

    /** Applies Genesys' own deletion protection to up to 100 conversations. */
    public void protect(List<String> conversationIds) {
        String endpoint = "PUT /api/v2/recordings/deletionprotection";
        ApiResponse response = call("genesys-protect", endpoint, Map.of(), Map.of("conversationIds", conversationIds));
        if (response.status() != 204 && response.status() != 200) {
            throw new GenesysRequestException(endpoint, response);
        }
    }

    /** One item of a batch download request. */
    public record BatchItem(String conversationId, String recordingId) {
    }

    /**
     * Sends one call to its route and answers what Genesys said. A status the rules of {@link GenesysApi} do not
     * retry comes back as an answer; what they gave up on is thrown as they threw it.
     *
     * @param endpoint the call's name for counting and messages ({@code GET /api/v2/conversations/{id}})
     * @param values   the exchange properties the route splices into the path and query
     */
    private ApiResponse call(String route, String endpoint, Map<String, Object> values, Object body) {
        byte[] payload = body == null ? null : serialize(body);
        Exchange answer = routes.send("direct:" + route, exchange -> {
            values.forEach(exchange::setProperty);
            exchange.getMessage().setHeader(GenesysApi.CALL_HEADER, endpoint);
            if (payload != null) {
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getMessage().setBody(payload);
            }
        });
        Exception failure = answer.getException();
        if (failure instanceof HttpOperationFailedException refused) {
            String correlation = refused.getResponseHeaders() == null ? null
                    : refused.getResponseHeaders().get("ININ-Correlation-Id");
            return new ApiResponse(refused.getStatusCode(), parse(refused.getResponseBody() == null ? null
                    : refused.getResponseBody().getBytes(StandardCharsets.UTF_8)), correlation == null ? "none" : correlation);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure != null) {
            throw new GenesysUnavailableException(endpoint + " failed: " + failure, failure);
        }
        Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String correlation = answer.getMessage().getHeader("ININ-Correlation-Id", String.class);
        String sent = answer.getMessage().getHeader(GenesysApi.SENT_QUERY_HEADER, String.class);
        return new ApiResponse(status == null ? 0 : status, parse(answer.getMessage().getBody(byte[].class)),
                correlation == null ? "none" : correlation, sent == null ? "" : sent);
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

    private static ApiResponse ok(String endpoint, ApiResponse response) {
        if (!response.ok()) {
            throw new GenesysRequestException(endpoint, response);
        }
        return response;
    }

    private static String segment(String id) {
        // ids come from API data: never let one change the path it is spliced into ('.' and '..' survive encoding)
        if (id.isEmpty() || id.chars().allMatch(c -> c == '.')) {
            throw new IllegalArgumentException("refusing an id from the API that would change the request path: \"" + id + "\"");
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
