package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.ledger.LedgerFile;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Exporter;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The promise of an export, checked against the sandbox's ground truth and what the destination holds. */
final class ExportExpectations {

    private ExportExpectations() {
    }

    /** The promise at the shipped setting, {@code holdfast.media=original,review}. */
    static void assertDeliveredExactly(GenesysSandbox sandbox, Exporter exporter, DestinationView destination) throws IOException {
        assertDeliveredExactly(sandbox, exporter, destination, true);
    }

    /**
     * Every exportable held recording is DELIVERED; an audio one has its stored original at
     * {@code <recordingId>.original.<ext>}, byte for byte as batch download served it, and (when review copies are
     * asked for) its review copy at {@code <recordingId>.<ext>} as its media URL served it, wherever Genesys serves
     * one, else the note review-copy-unavailable; a screen, email, chat or messaging recording its one file; each
     * sidecar names every file with its hash. Every terminal one is TERMINAL; no payload of an unheld call, nothing more.
     */
    static void assertDeliveredExactly(GenesysSandbox sandbox, Exporter exporter, DestinationView destination,
                                       boolean reviewCopies) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> held = destination.sha256ByKey();
        Set<String> heldConversations = new HashSet<>(sandbox.groundTruth().heldConversationIds());
        int exportable = 0;
        int files = 0;
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
            JsonNode sidecar = json.readTree(destination.read(KeyBuilder.sidecarKeyOf(row.destinationKey())));
            assertEquals(truth.conversationId(), sidecar.path("conversationId").asText());
            JsonNode original = file(sidecar, LedgerFile.ORIGINAL).orElse(null);
            if (!"audio".equals(truth.media())) {
                // screen, email, chat, messaging: one file, as Genesys stores it
                String expected = "batch".equals(sidecar.path("path").asText()) ? truth.batchSha256() : truth.directSha256();
                assertEquals(expected, held.get(row.destinationKey()), "bytes of " + row.destinationKey());
                assertTrue(original != null && expected.equals(original.path("sha256").asText()), "the sidecar names the file");
                files++;
                continue;
            }
            // audio: the stored original, as batch download served it
            assertTrue(row.destinationKey().endsWith("/" + truth.recordingId() + ".original.ogg"), row.destinationKey());
            assertEquals(truth.batchSha256(), held.get(row.destinationKey()), "original bytes of " + row.destinationKey());
            assertTrue(original != null, "the sidecar names the original: " + sidecar);
            assertEquals(truth.batchSha256(), original.path("sha256").asText());
            assertEquals(KeyBuilder.inBag(row.destinationKey()), original.path("path").asText());
            files++;
            JsonNode review = file(sidecar, LedgerFile.REVIEW).orElse(null);
            String reviewKey = row.destinationKey().replace(".original.ogg", ".wav");
            if (!reviewCopies) {
                assertNull(review, "no review copy asked for");
                assertFalse(held.containsKey(reviewKey), "no review copy asked for: " + reviewKey);
                assertNull(row.reason());
            } else if (review != null) {
                String at = review.hasNonNull("bag") ? review.path("bag").asText() + "/" + review.path("path").asText()
                        : row.destinationKey().substring(0, row.destinationKey().indexOf('/') + 1) + review.path("path").asText();
                assertEquals(truth.directSha256(), held.get(at), "review bytes of " + at);
                assertEquals(truth.directSha256(), review.path("sha256").asText());
                assertEquals(original.path("path").asText(), review.path("derivedFrom").asText(), "the review copy is derived from the original");
                files++;
            } else {
                assertTrue(truth.batchOnly(), truth.recordingId() + ": Genesys served a media URL, the review copy is missing");
                assertEquals(Reason.REVIEW_COPY_UNAVAILABLE, row.reason(), "the reconciliation says why the original is alone");
            }
        }
        List<String> payload = payloadKeys(held.keySet());
        assertEquals(files, payload.size(), "the files of each exportable held recording, nothing more");
        for (String key : payload) {
            String[] parts = key.split("/");
            assertTrue(heldConversations.contains(parts[3]), "unheld call exported: " + key);
        }
        assertTrue(exportable > 10, "the scenario holds enough recordings to mean something");
    }

    private static Optional<JsonNode> file(JsonNode sidecar, String role) {
        for (JsonNode file : sidecar.path("files")) {
            if (role.equals(file.path("role").asText())) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Keys of recordings: {@code holdfast-<run>/data/<day>/<conversation>/<recording>.<ext>}, sidecars aside. */
    static List<String> payloadKeys(Set<String> keys) {
        return keys.stream().filter(k -> k.split("/").length == 5 && k.split("/")[1].equals("data") && !k.endsWith(".json")).toList();
    }

    static String sidecarKey(String mediaKey) {
        return KeyBuilder.sidecarKeyOf(mediaKey);
    }
}
