package dev.holdfast.sandbox;

import static dev.holdfast.sandbox.AnalyticsContractTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mypurecloud.sdk.v2.api.RecordingApi;
import com.mypurecloud.sdk.v2.model.BatchDownloadJobResult;
import com.mypurecloud.sdk.v2.model.BatchDownloadJobStatusResult;
import com.mypurecloud.sdk.v2.model.BatchDownloadJobSubmission;
import com.mypurecloud.sdk.v2.model.BatchDownloadJobSubmissionResult;
import com.mypurecloud.sdk.v2.model.BatchDownloadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchContractTest {

    private static GenesysSandbox sandbox;
    private static SandboxHttp http;
    private static RecordingApi recordings;

    @BeforeAll
    static void start() {
        sandbox = GenesysSandbox.start(Scenario.builder(51L).extraClient("someone-else", "other-secret").build(), "127.0.0.1", 0);
        http = new SandboxHttp(sandbox);
        recordings = new RecordingApi(http.sdk());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void a_batch_of_whole_held_conversations_is_in_progress_then_completed_with_ogg_urls_or_error_messages() throws Exception {
        List<BatchDownloadRequest> items = new ArrayList<>();
        for (String id : sandbox.groundTruth().heldConversationIds()) {
            items.add(new BatchDownloadRequest().conversationId(id)); // no recordingId: every recording
        }
        BatchDownloadJobSubmissionResult submitted = recordings.postRecordingBatchrequests(
                new BatchDownloadJobSubmission().batchDownloadRequestList(items));
        assertNotNull(submitted.getId());
        assertEquals("/api/v2/recording/batchrequests/" + submitted.getId(), submitted.getSelfUri());

        BatchDownloadJobStatusResult first = recordings.getRecordingBatchrequest(submitted.getId());
        assertEquals(0, first.getResultCount());
        assertEquals(sandbox.groundTruth().held().size(), first.getExpectedResultCount());
        String firstRaw = http.get("/api/v2/recording/batchrequests/" + submitted.getId(), http.token()).body();
        assertTrue(firstRaw.contains("\"status\":\"Completed\""), "the second poll completes: " + firstRaw);

        BatchDownloadJobStatusResult done = recordings.getRecordingBatchrequest(submitted.getId());
        assertEquals(done.getExpectedResultCount(), done.getResultCount());
        Map<String, HeldRecording> truth = sandbox.groundTruth().held().stream()
                .collect(Collectors.toMap(HeldRecording::recordingId, Function.identity()));
        int errors = 0;
        for (BatchDownloadJobResult result : done.getResults()) {
            HeldRecording expected = truth.get(result.getRecordingId());
            assertNotNull(expected, result.getRecordingId());
            assertEquals(expected.conversationId(), result.getConversationId());
            boolean hasBytes = expected.exportable() && !expected.archived() || "INVALID_ID".equals(expected.terminalReason());
            if (hasBytes) {
                assertNull(result.getErrorMsg());
                assertEquals(expected.batchContentType(), result.getContentType());
                SandboxHttp.Download d = SandboxHttp.download(result.getResultUrl());
                assertEquals(200, d.status());
                assertEquals(expected.batchSha256(), d.sha256());
                assertEquals(expected.batchSize(), d.size());
                if ("audio/ogg".equals(d.contentType())) {
                    assertEquals("OggS", new String(d.head(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
                }
            } else {
                assertNull(result.getResultUrl());
                assertNotNull(result.getErrorMsg());
                errors++;
            }
        }
        assertEquals(errors, done.getErrorCount());
        assertTrue(errors >= 3, "archived, deleted and failed recordings give errorMsg: " + errors);
        assertTrue(truth.values().stream().anyMatch(HeldRecording::batchOnly), "batch-only recordings are served here");
        assertEquals(0, sandbox.journal().mediaRequestsWithAuthorization());
    }

    @Test
    void a_batch_needs_between_one_and_a_hundred_items() {
        assertError(400, "batch.download.bad.request", () -> recordings.postRecordingBatchrequests(
                new BatchDownloadJobSubmission().batchDownloadRequestList(List.of())));
        List<BatchDownloadRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(new BatchDownloadRequest().conversationId(sandbox.groundTruth().unheldConversationIds().get(0)));
        }
        assertError(400, "batch.download.too.many.items", () -> recordings.postRecordingBatchrequests(
                new BatchDownloadJobSubmission().batchDownloadRequestList(tooMany)));
    }

    @Test
    void an_unknown_job_is_404_and_another_clients_job_is_403() throws Exception {
        assertError(404, "batch.download.job.not.found", () -> recordings.getRecordingBatchrequest("no-such-job"));
        String id = recordings.postRecordingBatchrequests(new BatchDownloadJobSubmission().batchDownloadRequestList(
                List.of(new BatchDownloadRequest().conversationId(sandbox.groundTruth().heldConversationIds().get(0))))).getId();
        RecordingApi other = new RecordingApi(http.sdk(http.token("someone-else", "other-secret")));
        assertError(403, "batch.download.permission.denied", () -> other.getRecordingBatchrequest(id));
    }
}
