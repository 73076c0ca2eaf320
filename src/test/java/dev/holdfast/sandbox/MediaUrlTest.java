package dev.holdfast.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaUrlTest {

    private static String firstMediaUrl(GenesysSandbox sandbox, SandboxHttp http, String token) {
        for (SeededRecording r : sandbox.org().recordings()) {
            if ("AVAILABLE".equals(r.initialState()) && !r.batchOnly() && !r.stale() && r.transcodeTime().isZero()) {
                JsonNode rec = SandboxHttp.json(http.get("/api/v2/conversations/" + r.conversationId()
                        + "/recordings/" + r.id() + "?formatId=WAV", token).body());
                return rec.get("mediaUris").get("S").get("mediaUri").asText();
            }
        }
        throw new AssertionError("no plain recording");
    }

    @Test
    void an_expired_media_url_answers_403_s3_xml() {
        Scenario scenario = Scenario.builder(41L).mediaUrlTtl(Duration.ofSeconds(1)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String url = firstMediaUrl(sandbox, http, http.token());
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> SandboxHttp.download(url).status() == 403);
            SandboxHttp.Download expired = SandboxHttp.download(url);
            assertEquals("application/xml", expired.contentType());
            assertTrue(expired.errorText().contains("<Code>AccessDenied</Code><Message>Request has expired</Message>"),
                    expired.errorText());
        }
    }

    @Test
    void a_tampered_signature_answers_403_and_media_never_needs_authorization() {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(42L), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String url = firstMediaUrl(sandbox, http, http.token());
            String tampered = url.replaceAll("X-Amz-Signature=.", "X-Amz-Signature=" + (url.contains("Signature=0") ? "1" : "0"));
            SandboxHttp.Download d = SandboxHttp.download(tampered);
            assertEquals(403, d.status());
            assertTrue(d.errorText().contains("SignatureDoesNotMatch"));
            String otherPath = url.replaceFirst("/media/(\\d+)-", "/media/9$1-");
            assertEquals(403, SandboxHttp.download(otherPath).status());
            assertEquals(200, SandboxHttp.download(url).status());
            assertEquals(3, sandbox.journal().mediaRequests());
            assertEquals(0, sandbox.journal().mediaRequestsWithAuthorization());
        }
    }

    @Test
    void a_big_recording_streams_through_the_media_port_and_matches_its_ground_truth() {
        Scenario scenario = Scenario.builder(43L).conversations(4).bigRecording(48L * 1024 * 1024).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            HeldRecording big = sandbox.groundTruth().held().stream()
                    .filter(h -> h.directSize() > 40L * 1024 * 1024).findFirst().orElseThrow();
            JsonNode rec = SandboxHttp.json(http.get("/api/v2/conversations/" + big.conversationId()
                    + "/recordings/" + big.recordingId() + "?formatId=WAV", http.token()).body());
            SandboxHttp.Download d = SandboxHttp.download(rec.get("mediaUris").get("S").get("mediaUri").asText());
            assertEquals(48L * 1024 * 1024, d.size());
            assertEquals(big.directSha256(), d.sha256());
            assertEquals("RIFF", new String(d.head(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
