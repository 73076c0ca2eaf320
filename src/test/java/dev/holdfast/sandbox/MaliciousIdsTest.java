package dev.holdfast.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaliciousIdsTest {

    @Test
    void hostile_recording_and_conversation_ids_are_served_verbatim_while_routing_keeps_working() {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(71L).maliciousIds(true).transcodingShare(0)
                .longCallShare(0).build(), "127.0.0.1", 0)) {
            SandboxHttp http = new SandboxHttp(sandbox);
            String token = http.token();
            Set<String> listed = new HashSet<>();
            assertTrue(sandbox.groundTruth().heldConversationIds().contains(SeededOrg.MALICIOUS_CONVERSATION_ID));
            for (String conversationId : sandbox.groundTruth().heldConversationIds()) {
                String segment = URLEncoder.encode(conversationId, StandardCharsets.UTF_8).replace("+", "%20");
                HttpResponse<String> r = http.get("/api/v2/conversations/" + segment + "/recordings?formatId=WAV", token);
                assertEquals(200, r.statusCode());
                for (JsonNode rec : SandboxHttp.json(r.body())) {
                    listed.add(rec.get("id").asText());
                }
            }
            assertTrue(listed.containsAll(SeededOrg.MALICIOUS_IDS), "listed " + listed.size());
            // a client that (wrongly) asks for one, percent-encoded, reaches it rather than another path
            HeldRecording traversal = sandbox.groundTruth().held().stream()
                    .filter(h -> "../../etc/x".equals(h.recordingId())).findFirst().orElseThrow();
            HttpResponse<String> one = http.get("/api/v2/conversations/" + traversal.conversationId()
                    + "/recordings/..%2F..%2Fetc%2Fx?formatId=WAV", token);
            assertEquals(200, one.statusCode());
            assertEquals("../../etc/x", SandboxHttp.json(one.body()).get("id").asText());
        }
    }
}
