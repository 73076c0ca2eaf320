package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch download: POST /api/v2/recording/batchrequests (at most 100 items; no recordingId = every recording of the
 * conversation) and GET .../{jobId} (InProgress on the first poll, then Completed). Results carry a presigned URL
 * to the trunk-codec bytes, or an errorMsg for archived, restoring, deleted and failed recordings.
 */
final class BatchHandler {

    private static final int MAX_ITEMS = 100;

    /** One submitted batch; results are resolved when it completes. */
    private static final class Batch {
        final String id;
        final String clientId;
        final List<String[]> items; // conversationId, recordingId (nullable)
        int polls;
        ArrayNode results;
        int errors;

        Batch(String id, String clientId, List<String[]> items) {
            this.id = id;
            this.clientId = clientId;
            this.items = items;
        }
    }

    private final LiveOrg org;
    private final MediaSigner signer;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final SplittableRandom batchIds;
    private final Journal journal;

    BatchHandler(LiveOrg org, MediaSigner signer, Scenario scenario, Journal journal) {
        this.org = org;
        this.signer = signer;
        this.journal = journal;
        this.batchIds = SeededOrg.stream(scenario.seed(), 70);
    }

    void register(ApiRouter router) {
        router.route("POST", "/api/v2/recording/batchrequests", this::submit);
        router.route("GET", "/api/v2/recording/batchrequests/{jobId}", this::status);
    }

    private Reply submit(ApiCall call) {
        JsonNode list = call.json().get("batchDownloadRequestList");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ApiError(400, "batch.download.bad.request", "Request list is required and must not be empty");
        }
        if (list.size() > MAX_ITEMS) {
            throw new ApiError(400, "batch.download.too.many.items", "Too many items requested, max 100 allowed");
        }
        List<String[]> items = new ArrayList<>();
        for (JsonNode item : list) {
            String conversationId = Json.text(item, "conversationId");
            if (conversationId == null || conversationId.isEmpty()) {
                throw new ApiError(400, "batch.download.bad.request", "Every item needs a conversationId");
            }
            items.add(new String[] {conversationId, Json.text(item, "recordingId")});
        }
        String id;
        synchronized (batchIds) {
            id = SeededOrg.uuid(batchIds);
        }
        batches.put(id, new Batch(id, call.token().clientId, items));
        journal.batchRequest(items.size());
        ObjectNode answer = Json.object();
        answer.put("id", id);
        answer.put("selfUri", "/api/v2/recording/batchrequests/" + id);
        return Reply.ok(answer);
    }

    private Reply status(ApiCall call) {
        Batch batch = batches.get(call.path("jobId"));
        if (batch == null) {
            throw new ApiError(404, "batch.download.job.not.found", "The requested job is unknown");
        }
        if (!batch.clientId.equals(call.token().clientId)) {
            throw new ApiError(403, "batch.download.permission.denied", "Only user that initiated the job can request results");
        }
        ObjectNode answer = Json.object();
        synchronized (batch) {
            batch.polls++;
            if (batch.polls > 1 && batch.results == null) {
                resolve(batch, call);
            }
            boolean done = batch.results != null;
            answer.put("id", batch.id);
            answer.put("jobId", batch.id);
            answer.put("expectedResultCount", done ? batch.results.size() : expectedCount(batch));
            answer.put("resultCount", done ? batch.results.size() : 0);
            answer.put("errorCount", done ? batch.errors : 0);
            answer.put("status", done ? "Completed" : "InProgress");
            ArrayNode results = answer.putArray("results");
            if (done) {
                results.addAll(batch.results);
            }
            answer.put("selfUri", "/api/v2/recording/batchrequests/" + batch.id);
        }
        return Reply.ok(answer);
    }

    private int expectedCount(Batch batch) {
        int count = 0;
        for (String[] item : batch.items) {
            SeededConversation c = org.seeded.conversation(item[0]);
            count += item[1] == null && c != null ? c.recordings().size() : 1;
        }
        return count;
    }

    private void resolve(Batch batch, ApiCall call) {
        ArrayNode results = Json.array();
        int errors = 0;
        for (String[] item : batch.items) {
            SeededConversation c = org.seeded.conversation(item[0]);
            if (c == null) {
                results.add(error(item[0], item[1], "Conversation not found"));
                errors++;
                continue;
            }
            List<LiveRecording> recordings = new ArrayList<>();
            if (item[1] == null) {
                recordings.addAll(org.recordingsOf(c, call.now()));
            } else {
                LiveRecording r = org.find(c, item[1]);
                if (r == null || !r.seeded.existsAt(call.now())) {
                    results.add(error(item[0], item[1], "Recording not found"));
                    errors++;
                    continue;
                }
                recordings.add(r);
            }
            for (LiveRecording r : recordings) {
                if (r.batchable(call.now())) {
                    ObjectNode result = results.addObject();
                    result.put("conversationId", c.id());
                    result.put("recordingId", r.seeded.id());
                    result.put("resultUrl", signer.presign(r.seeded.key(), true, r.seeded.batch().extension(), call.now()));
                    result.put("contentType", r.seeded.batch().contentType());
                } else {
                    results.add(error(c.id(), r.seeded.id(), reason(r.fileState(call.now()))));
                    errors++;
                }
            }
        }
        batch.results = results;
        batch.errors = errors;
    }

    private static String reason(String fileState) {
        return switch (fileState) {
            case "ARCHIVED" -> "Recording is archived and must be restored before download";
            case "RESTORING" -> "Recording is being restored";
            case "DELETED" -> "Recording has been deleted";
            default -> "Recording is in an error state";
        };
    }

    private static ObjectNode error(String conversationId, String recordingId, String message) {
        ObjectNode node = Json.object();
        node.put("conversationId", conversationId);
        if (recordingId != null) {
            node.put("recordingId", recordingId);
        }
        node.put("errorMsg", message);
        return node;
    }
}
