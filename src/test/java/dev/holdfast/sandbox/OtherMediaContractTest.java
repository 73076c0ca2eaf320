package dev.holdfast.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mypurecloud.sdk.v2.api.ConversationsApi;
import com.mypurecloud.sdk.v2.api.RecordingApi;
import com.mypurecloud.sdk.v2.model.BatchDownloadJobResult;
import com.mypurecloud.sdk.v2.model.BatchDownloadJobStatusResult;
import com.mypurecloud.sdk.v2.model.BatchDownloadJobSubmission;
import com.mypurecloud.sdk.v2.model.BatchDownloadRequest;
import com.mypurecloud.sdk.v2.model.Conversation;
import com.mypurecloud.sdk.v2.model.Participant;
import com.mypurecloud.sdk.v2.model.Recording;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The email, chat and messaging recordings of a scenario that has them, read with the official Genesys SDK: each
 * Recording parses with its inline transcript in the SDK's models, its media URL serves the EML or ZIP of the
 * ground truth (the ZIP's transcript.json is the inline transcript), NONE withholds the file but not the
 * transcript, the conversation record carries the session under the participant's emails, chats or messages, and
 * batch download serves the same file.
 */
class OtherMediaContractTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static GenesysSandbox sandbox;
    private static SandboxHttp http;
    private static RecordingApi recordings;
    private static ConversationsApi conversations;

    @BeforeAll
    static void start() {
        Scenario scenario = Scenario.builder(61L).mediaTypes(List.of("email", "chat", "message"))
                .rateLimitPerMinute(1000).build();
        sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0);
        http = new SandboxHttp(sandbox);
        recordings = new RecordingApi(http.sdk());
        conversations = new ConversationsApi(http.sdk());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void every_email_chat_and_messaging_recording_parses_with_its_transcript_and_serves_its_file() throws Exception {
        Map<String, Integer> checked = new TreeMap<>();
        for (HeldRecording truth : others()) {
            if (!truth.exportable() || truth.archived() || truth.batchOnly()) {
                continue;
            }
            Recording r = recordings.getConversationRecording(truth.conversationId(), truth.recordingId(), "WAV",
                    null, null, null, null, null, null, null);
            assertEquals(truth.media(), r.getMedia());
            assertEquals(Recording.FileStateEnum.AVAILABLE, r.getFileState());
            int messages = switch (truth.media()) {
                case "email" -> {
                    assertFalse(r.getEmailTranscript().isEmpty());
                    assertTrue(r.getEmailTranscript().stream().allMatch(m -> m.getSubject() != null && m.getFrom() != null
                            && m.getTime() != null && m.getTextBody() != null));
                    yield r.getEmailTranscript().size();
                }
                case "chat" -> {
                    assertFalse(r.getTranscript().isEmpty());
                    assertTrue(r.getTranscript().stream().allMatch(m -> m.getBody() != null && m.getUtc() != null));
                    yield r.getTranscript().size();
                }
                default -> {
                    assertFalse(r.getMessagingTranscript().isEmpty());
                    assertTrue(r.getMessagingTranscript().stream().allMatch(m -> m.getMessageText() != null
                            && m.getTimestamp() != null));
                    yield r.getMessagingTranscript().size();
                }
            };
            HttpResponse<byte[]> served = get(r.getMediaUris().get("S").getMediaUri());
            if (served.statusCode() == 404) {
                // the stale-URL fault: a fresh URL from the single-recording call works
                served = get(recordings.getConversationRecording(truth.conversationId(), truth.recordingId(), "WAV",
                        null, null, null, null, null, null, null).getMediaUris().get("S").getMediaUri());
            }
            assertEquals(200, served.statusCode());
            assertEquals(truth.directContentType(), served.headers().firstValue("Content-Type").orElse(null));
            byte[] file = served.body();
            assertEquals(truth.directSha256(), sha256(file));
            assertEquals(truth.directSize(), file.length);
            if ("email".equals(truth.media())) {
                String eml = new String(file, StandardCharsets.UTF_8);
                assertTrue(eml.startsWith("Date: "), eml);
                assertTrue(eml.contains("\r\nContent-Type: multipart/digest; boundary="), eml);
                assertEquals(messages, eml.split("\r\nContent-Type: text/plain").length - 1, "one part per message");
            } else {
                // the ZIP's transcript.json is the inline transcript, as the API sends it
                JsonNode zipped = SandboxHttp.JSON.readTree(entry(file, "transcript.json"));
                assertEquals(SandboxHttp.json(raw(truth)).path(transcriptField(truth.media())), zipped);
                assertEquals(messages, zipped.size());
            }
            // NONE: no file, the transcript stays
            Recording none = recordings.getConversationRecording(truth.conversationId(), truth.recordingId(), "WAV",
                    "NONE", "NONE", "NONE", null, null, null, null);
            assertNull(none.getMediaUris());
            assertTrue(SandboxHttp.json(rawNone(truth)).path(transcriptField(truth.media())).size() > 0);
            checked.merge(truth.media(), 1, Integer::sum);
        }
        assertEquals(List.of("chat", "email", "messaging"), List.copyOf(checked.keySet()), "each media type: " + checked);
    }

    @Test
    void the_conversation_record_carries_each_session_under_its_media_type_with_its_recording_id() throws Exception {
        int found = 0;
        for (HeldRecording truth : others()) {
            Conversation c = conversations.getConversation(truth.conversationId());
            List<String> ids = new ArrayList<>();
            for (Participant p : c.getParticipants()) {
                assertTrue(p.getCalls().isEmpty(), "no call in a " + truth.media() + " conversation");
                switch (truth.media()) {
                    case "email" -> p.getEmails().forEach(e -> ids.add(e.getRecordingId()));
                    case "chat" -> p.getChats().forEach(e -> ids.add(e.getRecordingId()));
                    default -> p.getMessages().forEach(e -> ids.add(e.getRecordingId()));
                }
            }
            assertTrue(ids.contains(truth.recordingId()), truth.media() + " " + ids);
            found++;
        }
        assertTrue(found >= 6, "held email, chat and messaging conversations: " + found);
    }

    @Test
    void batch_download_serves_the_same_eml_and_zip_files() throws Exception {
        List<BatchDownloadRequest> items = new ArrayList<>();
        for (HeldRecording truth : others()) {
            items.add(new BatchDownloadRequest().conversationId(truth.conversationId()).recordingId(truth.recordingId()));
        }
        String id = recordings.postRecordingBatchrequests(new BatchDownloadJobSubmission().batchDownloadRequestList(items)).getId();
        recordings.getRecordingBatchrequest(id); // the first poll answers InProgress
        BatchDownloadJobStatusResult done = recordings.getRecordingBatchrequest(id);
        int served = 0;
        for (BatchDownloadJobResult result : done.getResults()) {
            HeldRecording truth = others().stream().filter(h -> h.recordingId().equals(result.getRecordingId()))
                    .findFirst().orElseThrow();
            if (result.getResultUrl() == null) {
                assertNotNull(result.getErrorMsg());
                continue;
            }
            assertEquals(truth.batchContentType(), result.getContentType());
            HttpResponse<byte[]> file = get(result.getResultUrl());
            assertEquals(200, file.statusCode());
            assertEquals(truth.batchContentType(), file.headers().firstValue("Content-Type").orElse(null));
            assertEquals(truth.batchSha256(), sha256(file.body()));
            served++;
        }
        assertTrue(served >= 6, "served " + served);
    }

    private static List<HeldRecording> others() {
        return sandbox.groundTruth().held().stream()
                .filter(h -> List.of("email", "chat", "messaging").contains(h.media())).toList();
    }

    private static String transcriptField(String media) {
        return switch (media) {
            case "email" -> "emailTranscript";
            case "chat" -> "transcript";
            default -> "messagingTranscript";
        };
    }

    private static String raw(HeldRecording truth) {
        return http.get("/api/v2/conversations/" + truth.conversationId() + "/recordings/" + truth.recordingId()
                + "?formatId=WAV", http.token()).body();
    }

    private static String rawNone(HeldRecording truth) {
        return http.get("/api/v2/conversations/" + truth.conversationId() + "/recordings/" + truth.recordingId()
                + "?formatId=WAV&emailFormatId=NONE&chatFormatId=NONE&messageFormatId=NONE", http.token()).body();
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] entry(byte[] zip, String name) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (Objects.equals(name, e.getName())) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + name + " in the ZIP");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
