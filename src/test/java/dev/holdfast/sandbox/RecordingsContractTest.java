package dev.holdfast.sandbox;

import static dev.holdfast.sandbox.AnalyticsContractTest.assertError;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mypurecloud.sdk.v2.ApiResponse;
import com.mypurecloud.sdk.v2.api.ConversationsApi;
import com.mypurecloud.sdk.v2.api.RecordingApi;
import com.mypurecloud.sdk.v2.model.Conversation;
import com.mypurecloud.sdk.v2.model.Participant;
import com.mypurecloud.sdk.v2.model.Recording;
import com.mypurecloud.sdk.v2.model.RecordingMetadata;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordingsContractTest {

    private static GenesysSandbox sandbox;
    private static SandboxHttp http;
    private static RecordingApi recordings;
    private static ConversationsApi conversations;

    @BeforeAll
    static void start() {
        Scenario scenario = Scenario.builder(31L).restoreDelay(Duration.ofMillis(300)).rateLimitPerMinute(1000).build();
        sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0);
        http = new SandboxHttp(sandbox);
        var client = http.sdk();
        recordings = new RecordingApi(client);
        conversations = new ConversationsApi(client);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static List<Recording> listUntilReady(String conversationId) throws Exception {
        for (int call = 0; call < 3; call++) {
            ApiResponse<List<Recording>> r = recordings.getConversationRecordingsWithHttpInfo(conversationId, 5000, "WAV", null);
            if (r.getStatusCode() == 200) {
                return r.getBody();
            }
            assertEquals(202, r.getStatusCode());
        }
        throw new AssertionError("still transcoding after 15 s: " + conversationId);
    }

    @Test
    void every_held_recording_is_listed_with_its_state_and_its_media_hashes_to_the_ground_truth() throws Exception {
        Map<String, HeldRecording> truth = sandbox.groundTruth().held().stream()
                .collect(Collectors.toMap(HeldRecording::recordingId, Function.identity()));
        int downloaded = 0;
        int stale = 0;
        // one short call each starts every transcoding at once: the lists below then wait for the longest only
        for (String conversationId : sandbox.groundTruth().heldConversationIds()) {
            int status = http.get("/api/v2/conversations/" + conversationId + "/recordings?formatId=WAV&maxWaitMs=1",
                    http.token()).statusCode();
            assertTrue(status == 200 || status == 202, "status " + status);
        }
        for (String conversationId : sandbox.groundTruth().heldConversationIds()) {
            for (Recording r : listUntilReady(conversationId)) {
                HeldRecording expected = truth.get(r.getId());
                assertNotNull(expected, r.getId());
                assertEquals(conversationId, r.getConversationId());
                assertNotNull(r.getSessionId());
                assertEquals("/api/v2/conversations/" + conversationId + "/recordings/" + r.getId(), r.getSelfUri());
                if (!expected.exportable()) {
                    assertEquals(expected.terminalReason(), r.getFileState().name());
                    assertNull(r.getMediaUris());
                    if ("ERROR".equals(expected.terminalReason())) {
                        assertEquals(Recording.RecordingErrorStatusEnum.EMAIL_TRANSCRIPT_TOO_LARGE, r.getRecordingErrorStatus());
                    }
                } else if (expected.archived()) {
                    assertEquals(Recording.FileStateEnum.ARCHIVED, r.getFileState());
                    assertNull(r.getMediaUris());
                    assertNull(r.getStartTime());
                    assertNotNull(r.getArchiveDate());
                } else if (expected.batchOnly()) {
                    assertEquals(Recording.FileStateEnum.AVAILABLE, r.getFileState());
                    assertNull(r.getMediaUris());
                } else {
                    assertEquals(Recording.FileStateEnum.AVAILABLE, r.getFileState());
                    assertEquals(Recording.RecordingFileRoleEnum.CUSTOMER_EXPERIENCE, r.getRecordingFileRole());
                    assertNotNull(r.getStartTime());
                    assertEquals(expected.directSize(), r.getOutputSizeInBytes().longValue());
                    String url = r.getMediaUris().get("S").getMediaUri();
                    assertEquals(sandbox.mediaHost(), URI.create(url).getHost());
                    assertTrue(url.contains("X-Amz-Signature="));
                    SandboxHttp.Download d = SandboxHttp.download(url);
                    if (d.status() == 404) {
                        // the stale-URL fault: the first GET fails, a fresh URL from the single-recording call works
                        assertTrue(d.errorText().contains("<Code>NoSuchKey</Code>"), d.errorText());
                        stale++;
                        Recording fresh = recordings.getConversationRecording(conversationId, r.getId(), "WAV",
                                null, null, null, null, null, null, null);
                        String freshUrl = fresh.getMediaUris().get("S").getMediaUri();
                        assertNotEquals(url, freshUrl);
                        d = SandboxHttp.download(freshUrl);
                    }
                    assertEquals(200, d.status());
                    assertEquals(expected.directContentType(), d.contentType());
                    assertEquals(expected.directSize(), d.contentLength());
                    assertEquals(expected.directSize(), d.size());
                    assertEquals(expected.directSha256(), d.sha256());
                    downloaded++;
                }
            }
        }
        assertTrue(downloaded > 20, "downloaded " + downloaded);
        assertTrue(stale > 0, "stale " + stale);
        assertEquals(0, sandbox.journal().mediaRequestsWithAuthorization());
        assertTrue(sandbox.journal().mediaRequests() >= downloaded);
    }

    @Test
    void a_transcoding_conversation_answers_202_with_an_empty_body_then_200_within_maxWaitMs() throws Exception {
        SeededConversation c = transcoding(0);
        var raw = http.get("/api/v2/conversations/" + c.id() + "/recordings?formatId=WAV&maxWaitMs=1", http.token());
        assertEquals(202, raw.statusCode());
        assertEquals("", raw.body());
        // the call waits for the transcoding (at most 12 s in any scenario) and answers with every recording
        ApiResponse<List<Recording>> ready = recordings.getConversationRecordingsWithHttpInfo(c.id(), 15_000, "WAV", null);
        assertEquals(200, ready.getStatusCode());
        assertEquals(c.recordings().size(), ready.getBody().size());
        assertTrue(ready.getBody().stream().allMatch(r -> r.getMediaUris() != null && !r.getMediaUris().isEmpty()),
                "every recording has its media once transcoded");
    }

    @Test
    void a_list_call_whose_maxWaitMs_ends_before_the_transcoding_answers_202() throws Exception {
        SeededConversation c = sandbox.org().conversations().stream()
                .filter(x -> !x.held() && x.recordings().stream().anyMatch(r -> r.transcodeTime().toMillis() > 6000))
                .reduce((first, last) -> last).orElseThrow(); // the last: the other tests take the first ones
        var raw = http.get("/api/v2/conversations/" + c.id() + "/recordings?formatId=WAV&maxWaitMs=100", http.token());
        assertEquals(202, raw.statusCode());
        assertEquals("", raw.body());
    }

    @Test
    void a_transcoding_recording_answers_202_with_a_recording_body_then_200_with_a_fresh_url_each_time() throws Exception {
        SeededConversation c = transcoding(1);
        SeededRecording r = c.recordings().stream().filter(x -> !x.transcodeTime().isZero()).findFirst().orElseThrow();
        ApiResponse<Recording> first = recordings.getConversationRecordingWithHttpInfo(c.id(), r.id(), "WAV",
                null, null, null, null, null, null, null);
        assertEquals(202, first.getStatusCode());
        assertEquals(r.id(), first.getBody().getId());
        assertTrue(first.getBody().getEstimatedTranscodeTimeMs() > 0);
        assertNull(first.getBody().getMediaUris());
        assertTrue(first.getBody().getEstimatedTranscodeTimeMs() <= r.transcodeTime().toMillis());
        // the list call waits until the conversation's recordings are transcoded
        assertEquals(200, recordings.getConversationRecordingsWithHttpInfo(c.id(), 15_000, "WAV", null).getStatusCode());
        ApiResponse<Recording> poll = recordings.getConversationRecordingWithHttpInfo(c.id(), r.id(), "WAV",
                null, null, null, null, null, null, null);
        assertEquals(200, poll.getStatusCode());
        Recording ready = poll.getBody();
        Recording again = recordings.getConversationRecording(c.id(), r.id(), "WAV", null, null, null, null, null, null, null);
        assertNotEquals(ready.getMediaUris().get("S").getMediaUri(), again.getMediaUris().get("S").getMediaUri());
    }

    @Test
    void recording_metadata_never_waits_and_carries_the_region_but_no_media() throws Exception {
        SeededConversation c = transcoding(2);
        List<RecordingMetadata> list = recordings.getConversationRecordingmetadata(c.id());
        assertEquals(c.recordings().size(), list.size());
        RecordingMetadata one = recordings.getConversationRecordingmetadataRecordingId(c.id(), list.get(0).getId());
        assertEquals(list.get(0).getId(), one.getId());
        assertEquals(c.id(), one.getConversationId());
        String raw = http.get("/api/v2/conversations/" + c.id() + "/recordingmetadata", http.token()).body();
        assertTrue(raw.contains("\"region\":\"eu-west-2\""));
        assertFalse(raw.contains("mediaUris"));
        assertTrue(raw.contains("\"mediaSubtype\":\"Trunk\""), "mediaSubtype is newer than this SDK: checked raw");
    }

    @Test
    void an_archived_recording_is_restored_by_a_future_archive_date_and_then_has_media() throws Exception {
        SeededRecording archived = sandbox.org().recordings().stream()
                .filter(r -> "ARCHIVED".equals(r.initialState())).findFirst().orElseThrow();
        assertError(400, "bad.request", () -> recordings.putConversationRecording(archived.conversationId(), archived.id(),
                new Recording().archiveDate(Date.from(Instant.now().minus(Duration.ofDays(1)))), null));
        Recording restoring = recordings.putConversationRecording(archived.conversationId(), archived.id(),
                new Recording().archiveDate(Date.from(Instant.now().plus(Duration.ofDays(7)))), null);
        assertEquals(Recording.FileStateEnum.RESTORING, restoring.getFileState());
        assertNull(restoring.getMediaUris());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                recordings.getConversationRecording(archived.conversationId(), archived.id(), "WAV",
                        null, null, null, null, null, null, null).getFileState() == Recording.FileStateEnum.RESTORED);
        Recording restored = recordings.getConversationRecording(archived.conversationId(), archived.id(), "WAV",
                null, null, null, null, null, null, null);
        SandboxHttp.Download d = SandboxHttp.download(restored.getMediaUris().get("S").getMediaUri());
        assertEquals(200, d.status());
        assertEquals(MediaGenerator.sha256(archived.direct()), d.sha256());
        assertNotNull(restored.getRestoreExpirationTime());
    }

    @Test
    void the_conversation_carries_participant_attributes_and_call_recording_ids() throws Exception {
        String heldId = sandbox.groundTruth().heldConversationIds().get(0);
        Conversation c = conversations.getConversation(heldId);
        assertEquals(heldId, c.getId());
        assertTrue(c.getParticipants().stream().map(Participant::getAttributes)
                .anyMatch(a -> a != null && "true".equals(a.get("legal_hold"))));
        assertTrue(c.getParticipants().stream().flatMap(p -> p.getCalls().stream())
                .anyMatch(call -> call.getRecordingId() != null));
        String unheldId = sandbox.groundTruth().unheldConversationIds().get(0);
        assertFalse(conversations.getConversation(unheldId).getParticipants().stream().map(Participant::getAttributes)
                .anyMatch(a -> a != null && "true".equals(a.get("legal_hold"))));
    }

    @Test
    void the_email_chat_and_message_formats_are_taken_as_the_sdk_sends_them_and_other_values_refused() throws Exception {
        SeededConversation c = sandbox.org().conversations().stream().filter(SeededConversation::held).findFirst().orElseThrow();
        String rid = c.recordings().get(0).id();
        var one = recordings.getConversationRecording(c.id(), rid, "NONE", "EML", "ZIP", "ZIP", null, null, null, null);
        assertEquals(rid, one.getId());
        int listed = http.get("/api/v2/conversations/" + c.id() + "/recordings?formatId=NONE&emailFormatId=EML"
                + "&chatFormatId=ZIP&messageFormatId=ZIP", http.token()).statusCode();
        assertEquals(200, listed);
        assertError(400, "invalid.value", () -> recordings.getConversationRecording(c.id(), rid, "NONE", "PDF",
                null, null, null, null, null, null));
        assertEquals(400, http.get("/api/v2/conversations/" + c.id() + "/recordings?formatId=NONE&chatFormatId=EML",
                http.token()).statusCode());
    }

    @Test
    void unknown_conversations_and_recordings_are_404_with_genesys_codes() {
        String unknown = "00000000-0000-4000-8000-000000000000";
        assertError(404, "conversation.not.found", () -> conversations.getConversation(unknown));
        assertError(404, "conversation.not.found", () -> recordings.getConversationRecordings(unknown, null, "WAV", null));
        String known = sandbox.groundTruth().heldConversationIds().get(0);
        assertError(404, "not.found", () -> recordings.getConversationRecording(known, unknown, "WAV",
                null, null, null, null, null, null, null));
    }

    /** The n-th conversation whose recordings still transcode, for 4 s at most (and that no other test touches). */
    private static SeededConversation transcoding(int n) {
        return sandbox.org().conversations().stream()
                .filter(c -> !c.held() && c.recordings().stream().anyMatch(r -> !r.transcodeTime().isZero())
                        && c.recordings().stream().allMatch(r -> r.transcodeTime().toMillis() <= 4000))
                .skip(n).findFirst().orElseThrow();
    }
}
