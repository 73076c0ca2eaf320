package dev.holdfast.genesys;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Genesys calls Holdfast makes, with the paths, parameters and answers of GENESYS-API.md. */
public final class GenesysClient {

    private static final String DETAILS_QUERY = "/api/v2/analytics/conversations/details/query";
    private static final String DETAILS_JOBS = "/api/v2/analytics/conversations/details/jobs";

    private final GenesysApi api;

    /** Email as EML, chat and messaging as ZIP (their defaults, asked for explicitly: the evidence names its form). */
    private static final String OTHER_MEDIA_FORMATS = "&emailFormatId=EML&chatFormatId=ZIP&messageFormatId=ZIP";

    public GenesysClient(GenesysApi api) {
        this.api = api;
    }

    public GenesysApi api() {
        return api;
    }

    public JsonNode organization() {
        return ok("GET /api/v2/organizations/me", api.get("GET /api/v2/organizations/me", "/api/v2/organizations/me")).body();
    }

    /** Before this instant the analytics data lake is complete. */
    public Instant dataAvailabilityDate() {
        String endpoint = "GET " + DETAILS_JOBS + "/availability";
        JsonNode body = ok(endpoint, api.get(endpoint, DETAILS_JOBS + "/availability")).body();
        return Instant.parse(body.path("dataAvailabilityDate").asText());
    }

    public String createDetailsJob(Instant from, Instant to) {
        String endpoint = "POST " + DETAILS_JOBS;
        ApiResponse response = api.post(endpoint, DETAILS_JOBS,
                Map.of("interval", from + "/" + to, "order", "asc", "orderBy", "conversationStart"));
        if (response.status() != 202 && response.status() != 200) {
            throw new GenesysRequestException(endpoint, response);
        }
        return response.body().path("jobId").asText();
    }

    /** QUEUED, PENDING, FULFILLED, FAILED, CANCELLED or EXPIRED. */
    public String detailsJobState(String jobId) {
        String endpoint = "GET " + DETAILS_JOBS + "/{jobId}";
        ApiResponse response = api.get(endpoint, DETAILS_JOBS + "/" + segment(jobId));
        if (response.status() != 200 && response.status() != 202) {
            throw new GenesysRequestException(endpoint, response);
        }
        return response.body().path("state").asText("");
    }

    /** One page of a fulfilled job: {@code conversations}, {@code cursor} (absent on the last page). */
    public JsonNode detailsJobResults(String jobId, String cursor, int pageSize) {
        String endpoint = "GET " + DETAILS_JOBS + "/{jobId}/results";
        String query = "?pageSize=" + pageSize + (cursor == null ? "" : "&cursor=" + query(cursor));
        return ok(endpoint, api.get(endpoint, DETAILS_JOBS + "/" + segment(jobId) + "/results" + query)).body();
    }

    /** One page (1-based) of the synchronous details query; its participants carry no attributes. */
    public JsonNode detailsQuery(Instant from, Instant to, int pageNumber, int pageSize) {
        String endpoint = "POST " + DETAILS_QUERY;
        Map<String, Object> body = Map.of("interval", from + "/" + to, "order", "asc", "orderBy", "conversationStart",
                "paging", Map.of("pageSize", pageSize, "pageNumber", pageNumber));
        return ok(endpoint, api.post(endpoint, DETAILS_QUERY, body)).body();
    }

    /** The conversation with its participants' attributes, or empty when Genesys does not know it. */
    public Optional<JsonNode> conversation(String conversationId) {
        String endpoint = "GET /api/v2/conversations/{id}";
        ApiResponse response = api.get(endpoint, "/api/v2/conversations/" + segment(conversationId));
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
        ok(endpoint, api.get(endpoint, "/api/v2/analytics/conversations/details?id=" + ids)).body()
                .path("conversations").forEach(conversations::add);
        return conversations;
    }

    /**
     * Every recording of the conversation with fresh media URLs, or empty while Genesys still transcodes
     * (202: the list endpoint waits up to {@code maxWaitMs} first).
     */
    public Optional<List<Recording>> recordings(String conversationId, String formatId, int maxWaitMs) {
        String endpoint = "GET /api/v2/conversations/{id}/recordings";
        ApiResponse response = api.get(endpoint, "/api/v2/conversations/" + segment(conversationId)
                + "/recordings?formatId=" + query(formatId) + "&maxWaitMs=" + maxWaitMs + OTHER_MEDIA_FORMATS);
        if (response.status() == 202) {
            return Optional.empty();
        }
        List<Recording> recordings = new ArrayList<>();
        for (JsonNode node : ok(endpoint, response).body()) {
            recordings.add(Recording.of(node));
        }
        return Optional.of(recordings);
    }

    /** One recording with a fresh media URL; a 202 answer (still transcoding) has no URL yet. */
    public Recording recording(String conversationId, String recordingId, String formatId) {
        String endpoint = "GET /api/v2/conversations/{id}/recordings/{recordingId}";
        ApiResponse response = api.get(endpoint, "/api/v2/conversations/" + segment(conversationId)
                + "/recordings/" + segment(recordingId) + "?formatId=" + query(formatId));
        if (response.status() == 202) {
            Recording transcoding = Recording.of(response.body());
            return new Recording(recordingId, conversationId, "TRANSCODING", transcoding.mediaSubtype(), null,
                    transcoding.estimatedTranscodeTimeMs(), null, response.body());
        }
        return Recording.of(ok(endpoint, response).body());
    }

    /** The recordings of a conversation without media: fast, never 202. */
    public List<JsonNode> recordingMetadata(String conversationId) {
        String endpoint = "GET /api/v2/conversations/{id}/recordingmetadata";
        List<JsonNode> list = new ArrayList<>();
        ok(endpoint, api.get(endpoint, "/api/v2/conversations/" + segment(conversationId) + "/recordingmetadata"))
                .body().forEach(list::add);
        return list;
    }

    /** Asks Genesys to restore an archived recording until {@code archiveDate}. */
    public Recording restore(String conversationId, String recordingId, Instant archiveDate) {
        String endpoint = "PUT /api/v2/conversations/{id}/recordings/{recordingId}";
        return Recording.of(ok(endpoint, api.put(endpoint, "/api/v2/conversations/" + segment(conversationId)
                + "/recordings/" + segment(recordingId), Map.of("archiveDate", archiveDate.toString()))).body());
    }

    /** Submits up to 100 recordings for batch download; answers the job id. */
    public String submitBatch(List<BatchItem> items) {
        if (items.isEmpty() || items.size() > 100) {
            throw new IllegalArgumentException("a batch request holds 1 to 100 recordings, not " + items.size());
        }
        String endpoint = "POST /api/v2/recording/batchrequests";
        return ok(endpoint, api.post(endpoint, "/api/v2/recording/batchrequests",
                Map.of("batchDownloadRequestList", items))).body().path("id").asText();
    }

    /** {@code status} InProgress or Completed, {@code results} with {@code resultUrl} or {@code errorMsg}. */
    public JsonNode batchStatus(String jobId) {
        String endpoint = "GET /api/v2/recording/batchrequests/{jobId}";
        return ok(endpoint, api.get(endpoint, "/api/v2/recording/batchrequests/" + segment(jobId))).body();
    }

    /** Applies Genesys' own deletion protection to up to 100 conversations. */
    public void protect(List<String> conversationIds) {
        String endpoint = "PUT /api/v2/recordings/deletionprotection";
        ApiResponse response = api.put(endpoint, "/api/v2/recordings/deletionprotection?protect=true",
                Map.of("conversationIds", conversationIds));
        if (response.status() != 204 && response.status() != 200) {
            throw new GenesysRequestException(endpoint, response);
        }
    }

    /** One item of a batch download request. */
    public record BatchItem(String conversationId, String recordingId) {
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
