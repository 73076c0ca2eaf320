package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Exporter;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The promise of an export, checked against the sandbox's ground truth and what the destination holds. */
final class ExportExpectations {

    private ExportExpectations() {
    }

    /**
     * Every exportable held recording is DELIVERED and at its key once, byte for byte as the sandbox served it
     * (direct or batch, as its sidecar says); every terminal one is TERMINAL; no payload of an unheld call.
     */
    static void assertDeliveredExactly(GenesysSandbox sandbox, Exporter exporter, DestinationView destination) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> held = destination.sha256ByKey();
        Set<String> heldConversations = new HashSet<>(sandbox.groundTruth().heldConversationIds());
        int exportable = 0;
        for (HeldRecording truth : sandbox.groundTruth().held()) {
            if (!truth.exportable()) {
                if (truth.terminalReason() != null && !"INVALID_ID".equals(truth.terminalReason())) {
                    LedgerRow row = exporter.ledger().row(truth.conversationId(), truth.recordingId()).orElseThrow();
                    assertEquals(RecordingState.TERMINAL, row.state(), truth.recordingId());
                }
                continue;
            }
            exportable++;
            LedgerRow row = exporter.ledger().row(truth.conversationId(), truth.recordingId()).orElseThrow(
                    () -> new AssertionError("ledger does not know " + truth.recordingId()));
            assertEquals(RecordingState.DELIVERED, row.state(), truth.recordingId() + " " + row.reason());
            JsonNode sidecar = json.readTree(destination.read(sidecarKey(row.destinationKey())));
            String expected = "batch".equals(sidecar.path("path").asText()) ? truth.batchSha256() : truth.directSha256();
            assertEquals(expected, held.get(row.destinationKey()), "bytes of " + row.destinationKey());
            assertEquals(expected, sidecar.path("sha256").asText());
            assertEquals(truth.conversationId(), sidecar.path("conversationId").asText());
        }
        List<String> payload = payloadKeys(held.keySet());
        assertEquals(exportable, payload.size(), "one object per exportable held recording, nothing more");
        for (String key : payload) {
            String[] parts = key.split("/");
            assertTrue(heldConversations.contains(parts[3]), "unheld call exported: " + key);
        }
        assertTrue(exportable > 10, "the scenario holds enough recordings to mean something");
    }

    /** Keys of recordings: {@code holdfast-<run>/data/<day>/<conversation>/<recording>.<ext>}, sidecars aside. */
    static List<String> payloadKeys(Set<String> keys) {
        return keys.stream().filter(k -> k.split("/").length == 5 && k.split("/")[1].equals("data") && !k.endsWith(".json")).toList();
    }

    static String sidecarKey(String mediaKey) {
        return mediaKey.substring(0, mediaKey.lastIndexOf('.')) + ".json";
    }
}
