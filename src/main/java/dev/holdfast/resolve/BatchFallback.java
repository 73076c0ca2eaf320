package dev.holdfast.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.genesys.GenesysUnavailableException;
import dev.holdfast.genesys.Recording;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fallback for recordings Genesys lists as AVAILABLE without a media URL: an analytics lookup of each
 * conversation (which enriches what the sidecar records), then batch download requests of up to 100
 * recordings, polled until completed. Each result becomes a {@link RecordingWork} that is either READY (its
 * {@code resultUrl}, in the trunk's original codec) or says why not.
 */
public final class BatchFallback {

    private static final int BATCH_LIMIT = 100;
    private static final Duration POLL_LIMIT = Duration.ofMinutes(10);

    private final GenesysClient genesys;
    private final Ledger ledger;
    private final ObjectMapper json;

    public BatchFallback(GenesysClient genesys, Ledger ledger, ObjectMapper json) {
        this.genesys = genesys;
        this.ledger = ledger;
        this.json = json;
    }

    /** The recordings due for the fallback, in groups of at most 100 (one batch request each). */
    public List<List<LedgerRow>> due() {
        List<LedgerRow> rows = new ArrayList<>(ledger.dueWithReason(Reason.NO_MEDIA_URL));
        // the stored originals of recordings whose review copy came by URL share the same requests, full to 100
        rows.addAll(ledger.dueWithReason(Reason.ORIGINAL_DUE));
        List<List<LedgerRow>> groups = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += BATCH_LIMIT) {
            groups.add(rows.subList(i, Math.min(rows.size(), i + BATCH_LIMIT)));
        }
        return groups;
    }

    /** Looks the conversations up, submits one batch request, waits for it, answers one work item per recording. */
    public List<RecordingWork> request(List<LedgerRow> group) {
        // one analytics call for the whole group: the call budget is the rate limit's
        List<String> conversations = group.stream().map(LedgerRow::conversationId).distinct().toList();
        for (JsonNode analytics : genesys.analyticsDetails(conversations)) {
            enrichSummary(analytics.path("conversationId").asText(), analytics);
        }
        List<GenesysClient.BatchItem> items = group.stream()
                .map(row -> new GenesysClient.BatchItem(row.conversationId(), row.recordingId())).toList();
        String jobId = genesys.submitBatch(items);
        JsonNode status = awaitCompleted(jobId);
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (JsonNode result : status.path("results")) {
            String key = result.path("conversationId").asText() + "/" + result.path("recordingId").asText();
            // one recording may appear several times; a result with a URL wins over an error
            if (!results.containsKey(key) || !result.path("resultUrl").asText("").isEmpty()) {
                results.put(key, result);
            }
        }
        List<RecordingWork> work = new ArrayList<>();
        for (LedgerRow row : group) {
            JsonNode result = results.get(row.conversationId() + "/" + row.recordingId());
            work.add(toWork(row, result));
        }
        return work;
    }

    private RecordingWork toWork(LedgerRow row, JsonNode result) {
        ObjectNode raw = listing(row);
        raw.put("id", row.recordingId());
        raw.put("conversationId", row.conversationId());
        if (result == null) {
            Recording none = new Recording(row.recordingId(), row.conversationId(), "AVAILABLE", "", null, 0, null, raw);
            return new RecordingWork(row.conversationId(), row.recordingId(), row.conversationStart(), Readiness.NOT_YET,
                    none, Reason.BATCH_NO_RESULT, false);
        }
        String url = result.path("resultUrl").asText("");
        if (!url.isEmpty()) {
            raw.put("fileState", "AVAILABLE");
            raw.put("batchContentType", result.path("contentType").asText(""));
            // batch download asks for no format: the original's sidecar names the one its listing was asked with
            Recording ready = new Recording(row.recordingId(), row.conversationId(), "AVAILABLE", "", url, 0, null, raw,
                    ledger.listingFormat(row.conversationId(), row.recordingId()).orElse(null));
            return new RecordingWork(row.conversationId(), row.recordingId(), row.conversationStart(), Readiness.READY,
                    ready, "batch", false);
        }
        String error = result.path("errorMsg").asText("batch error").toLowerCase();
        raw.put("batchError", result.path("errorMsg").asText(""));
        Readiness readiness = error.contains("delet") ? Readiness.GONE
                : error.contains("archiv") ? Readiness.ARCHIVED : Readiness.NOT_YET;
        String state = readiness == Readiness.GONE ? "DELETED" : readiness == Readiness.ARCHIVED ? "ARCHIVED" : "AVAILABLE";
        Recording failed = new Recording(row.recordingId(), row.conversationId(), state, "", null, 0, null, raw);
        String why = readiness == Readiness.GONE ? Reason.DELETED : readiness == Readiness.ARCHIVED ? Reason.ARCHIVED : Reason.BATCH_ERROR;
        return new RecordingWork(row.conversationId(), row.recordingId(), row.conversationStart(), readiness, failed, why, false);
    }

    /** The recording as it was listed (kept by the ledger), else a bare object: the batch answer says nothing of it. */
    private ObjectNode listing(LedgerRow row) {
        return ledger.listing(row.conversationId(), row.recordingId()).map(text -> {
            try {
                JsonNode node = json.readTree(text);
                return node instanceof ObjectNode object ? object : json.createObjectNode();
            } catch (IOException e) {
                return json.createObjectNode();
            }
        }).orElseGet(json::createObjectNode);
    }

    private JsonNode awaitCompleted(String jobId) {
        Instant giveUp = Instant.now().plus(POLL_LIMIT);
        long delayMs = 500;
        while (true) {
            JsonNode status = genesys.batchStatus(jobId);
            boolean complete = "Completed".equalsIgnoreCase(status.path("status").asText())
                    || (status.path("expectedResultCount").asInt(-1) >= 0
                    && status.path("resultCount").asInt() >= status.path("expectedResultCount").asInt()
                    && status.path("results").size() > 0);
            if (complete) {
                return status;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new GenesysUnavailableException("batch download " + jobId + " not completed after " + POLL_LIMIT, null);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenesysUnavailableException("interrupted while polling batch " + jobId, e);
            }
            delayMs = Math.min(5_000, delayMs * 2);
        }
    }

    /** Adds what analytics knows (end, direction, divisions) to the conversation the sidecar describes. */
    private void enrichSummary(String conversationId, JsonNode analytics) {
        if (analytics == null) {
            return;
        }
        ledger.conversationSummary(conversationId).ifPresent(text -> {
            try {
                ObjectNode summary = (ObjectNode) json.readTree(text);
                summary.set("originatingDirection", analytics.path("originatingDirection"));
                summary.set("divisionIds", analytics.path("divisionIds"));
                if (analytics.hasNonNull("conversationEnd")) {
                    summary.set("conversationEnd", analytics.path("conversationEnd"));
                }
                ledger.updateConversationSummary(conversationId, json.writeValueAsString(summary));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
