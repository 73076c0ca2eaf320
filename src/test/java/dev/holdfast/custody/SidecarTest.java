package dev.holdfast.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SidecarTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "0123456789abcdef".repeat(4);

    private static Sidecar sidecar(JsonNode recording, JsonNode conversation) {
        return new Sidecar("c1a2b3c4-0000-4000-8000-000000000001", "d1a2b3c4-0000-4000-8000-000000000002", SHA, 4096,
                "audio/wav", "batch", "WAV", "OPUS", "media.example.com", Instant.parse("2026-11-24T07:10:00Z"),
                "0.1.0", recording, conversation);
    }

    @Test
    void the_sidecar_says_how_the_media_was_synced_and_leaves_the_field_out_when_nothing_was_asked() throws Exception {
        Sidecar unsynced = sidecar(null, null);
        Sidecar notOffered = new Sidecar(unsynced.conversationId(), unsynced.recordingId(), SHA, 4096, "audio/wav", "batch",
                "WAV", "OPUS", "media.example.com", unsynced.retrievedAt(), "0.1.0", null, null, "not-offered");

        assertEquals("not-offered", JSON.readTree(notOffered.toJson()).path("fsync").asText());
        assertTrue(JSON.readTree(unsynced.toJson()).path("fsync").isMissingNode());
    }

    @Test
    void the_sidecar_names_the_original_and_the_review_copy_derived_from_it() throws Exception {
        String other = "fedcba9876543210".repeat(4);
        String original = "data/2026-11-24/c1a2b3c4-0000-4000-8000-000000000001/d1a2b3c4-0000-4000-8000-000000000002.original.ogg";
        String review = original.replace(".original.ogg", ".wav");
        Sidecar plain = sidecar(null, null);
        Sidecar both = new Sidecar(plain.conversationId(), plain.recordingId(), SHA, 1024, "audio/ogg", "batch", "WAV",
                "OGG", "media.example.com", plain.retrievedAt(), "0.1.0", null, null, null, List.of(
                new SidecarFile("original", original, SHA, 1024, "audio/ogg", null, null, "0".repeat(32), "1".repeat(40), "OGG_OPUS"),
                new SidecarFile("review", review, other, 4096, "audio/wav", original, "holdfast-r0", "a".repeat(32), "b".repeat(40), "WAV")));

        JsonNode files = JSON.readTree(both.toJson()).path("files");
        assertEquals(2, files.size());
        assertEquals("original", files.at("/0/role").asText());
        assertEquals(SHA, files.at("/0/sha256").asText());
        assertTrue(files.at("/0/derivedFrom").isNull(), "an original is derived from nothing");
        assertEquals("review", files.at("/1/role").asText());
        assertEquals(review, files.at("/1/path").asText());
        assertEquals(other, files.at("/1/sha256").asText());
        assertEquals(4096, files.at("/1/size").asLong());
        assertEquals(original, files.at("/1/derivedFrom").asText());
        assertEquals("holdfast-r0", files.at("/1/bag").asText(), "a review copy in an earlier run's bag names it");
        // each file's MD5 and SHA-1 (the load file's columns), the review copy's as well as the original's
        assertEquals("0".repeat(32), files.at("/0/md5").asText());
        assertEquals("1".repeat(40), files.at("/0/sha1").asText());
        assertEquals("a".repeat(32), files.at("/1/md5").asText());
        assertEquals("b".repeat(40), files.at("/1/sha1").asText());
        // and the format each is in: the review copy's own, not its original's
        assertEquals("OGG_OPUS", files.at("/0/formatDelivered").asText());
        assertEquals("WAV", files.at("/1/formatDelivered").asText());
        assertTrue(JSON.readTree(new Sidecar(plain.conversationId(), plain.recordingId(), SHA, 1024, "audio/ogg", "batch",
                "WAV", "OGG", "media.example.com", plain.retrievedAt(), "0.1.0", null, null, null,
                List.of(new SidecarFile("original", original, SHA, 1024, "audio/ogg", null, null))).toJson())
                .at("/files/0/md5").isMissingNode(), "an unknown MD5 is left out, never written empty");
        assertThrows(IllegalArgumentException.class,
                () -> new SidecarFile("review", review, other, 4096, "audio/wav", original, null, "not-hex", null, null));
        assertTrue(JSON.readTree(plain.toJson()).path("files").isMissingNode(), "a sidecar of one file as before");
    }

    @Test
    void media_uris_and_signed_urls_are_stripped_at_any_depth() throws Exception {
        JsonNode recording = JSON.readTree("""
                {"id":"d1","fileState":"AVAILABLE",
                 "mediaUris":{"S":{"mediaUri":"https://media.example.com/a.wav?X-Amz-Signature=deadbeef"}},
                 "archiveUrl":"https://s3.example.com/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA/2026",
                 "cdn":"https://cdn.example.com/a.ogg?Expires=1&Signature=abc&Key-Pair-Id=K",
                 "nested":{"links":["https://ok.example.com/plain","https://media.example.com/b?x-amz-signature=1"],
                           "escaped":"https://x.example.com/r%3FX-Amz-Signature%3Dabc"},
                 "selfUri":"/api/v2/conversations/c1/recordings/d1","name":"Signature=kept-outside-a-query"}""");
        String json = sidecar(recording, SampleBag.conversationJson("c1")).toJson();
        for (String secret : List.of("mediaUris", "X-Amz-Signature", "X-Amz-Credential", "Signature=abc",
                "x-amz-signature", "%3DX-Amz", "deadbeef", "AKIA")) {
            assertFalse(json.contains(secret), secret + " must not be in the sidecar");
        }
        JsonNode written = JSON.readTree(json).get("recording");
        assertEquals("d1", written.get("id").asText());
        assertEquals("/api/v2/conversations/c1/recordings/d1", written.get("selfUri").asText());
        assertEquals("https://ok.example.com/plain", written.at("/nested/links/0").asText());
        assertEquals(1, written.at("/nested/links").size());
        assertEquals("Signature=kept-outside-a-query", written.get("name").asText());
        // the input is the caller's and stays as it was
        assertTrue(recording.has("mediaUris"));
    }

    @Test
    void fields_come_in_the_documented_order_pretty_printed_with_line_feeds() throws Exception {
        String json = sidecar(JSON.readTree("{\"id\":\"d1\"}"), SampleBag.conversationJson("c1")).toJson();
        List<String> names = new ArrayList<>();
        JSON.readTree(json).fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("conversationId", "recordingId", "sha256", "size", "contentType", "path",
                "formatRequested", "formatDelivered", "mediaHost", "retrievedAt", "holdfastVersion", "recording",
                "conversation"), names);
        assertTrue(json.startsWith("{\n  \"conversationId\""), json);
        assertTrue(json.endsWith("}\n"));
        assertFalse(json.contains("\r"));
        assertEquals(json, sidecar(JSON.readTree("{\"id\":\"d1\"}"), SampleBag.conversationJson("c1")).toJson(),
                "the same inputs give the same bytes");
        JsonNode root = JSON.readTree(json);
        assertEquals("2026-11-24T07:10:00Z", root.get("retrievedAt").asText());
        assertEquals(4096, root.get("size").asLong());
        assertEquals("batch", root.get("path").asText());
    }

    @Test
    void the_conversation_keeps_start_end_and_participants_with_purpose_and_attributes() throws Exception {
        JsonNode analytics = JSON.readTree("""
                {"conversationId":"c1","conversationStart":"2026-03-02T09:15:00.000Z",
                 "conversationEnd":"2026-03-02T09:21:30.000Z","divisionIds":["x"],
                 "participants":[{"participantId":"p1","purpose":"customer","participantName":"Jane",
                   "attributes":{"legal_hold":"true","case_ref":"LH-2026-017"},"sessions":[{"sessionId":"s1"}]}]}""");
        JsonNode conversation = JSON.readTree(sidecar(JSON.readTree("{}"), analytics).toJson()).get("conversation");
        assertEquals(JSON.readTree("""
                {"start":"2026-03-02T09:15:00.000Z","end":"2026-03-02T09:21:30.000Z",
                 "participants":[{"id":"p1","purpose":"customer",
                   "attributes":{"legal_hold":"true","case_ref":"LH-2026-017"}}]}"""), conversation);
        JsonNode record = JSON.readTree(sidecar(JSON.readTree("{}"), SampleBag.conversationJson("c1")).toJson())
                .get("conversation");
        assertEquals("2026-11-24T07:05:00Z", record.get("start").asText());
        assertEquals("agent", record.at("/participants/1/purpose").asText());
    }

    @Test
    void a_media_host_must_be_a_host_and_the_path_direct_or_batch() {
        assertThrows(IllegalArgumentException.class, () -> new Sidecar("c", "r", SHA, 1, "audio/wav", "direct", "WAV",
                "WAV", "https://media.example.com/a?X-Amz-Signature=1", Instant.EPOCH, "0.1.0", null, null));
        assertThrows(IllegalArgumentException.class, () -> new Sidecar("c", "r", SHA, 1, "audio/wav", "ftp", "WAV",
                "WAV", "media.example.com", Instant.EPOCH, "0.1.0", null, null));
        assertThrows(IllegalArgumentException.class, () -> new Sidecar("c", "r", SHA.toUpperCase(), 1, "audio/wav",
                "direct", "WAV", "WAV", "media.example.com", Instant.EPOCH, "0.1.0", null, null));
    }

    @Test
    void annotations_and_the_media_md5_and_sha1_are_in_the_sidecar() throws Exception {
        JsonNode recording = JSON.readTree("""
                {"id":"d1","annotations":[{"id":"a1","type":"Pause","reason":"Hold","location":1200,"durationMs":3000,
                 "absoluteLocation":4200,"recordingLocation":1200,"selfUri":"/x"}]}""");
        Sidecar sidecar = new Sidecar("c1a2b3c4-0000-4000-8000-000000000001", "d1a2b3c4-0000-4000-8000-000000000002", SHA,
                4096, "audio/wav", "direct", "WAV", "WAV", "media.example.com", Instant.parse("2026-11-24T07:10:00Z"),
                "0.1.0", recording, null, null, "0123456789abcdef".repeat(2), "0123456789abcdef0123456789abcdef01234567");
        JsonNode root = JSON.readTree(sidecar.toJson());
        assertEquals("0123456789abcdef".repeat(2), root.path("md5").asText());
        assertEquals("0123456789abcdef0123456789abcdef01234567", root.path("sha1").asText());
        JsonNode pause = root.path("annotations").get(0);
        assertEquals(1200, pause.path("location").asLong());
        assertEquals(3000, pause.path("durationMs").asLong());
        assertEquals(4200, pause.path("absoluteLocation").asLong());
        assertEquals(1200, pause.path("recordingLocation").asLong());
        assertEquals("Hold", pause.path("reason").asText());
    }
}
