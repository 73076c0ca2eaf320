package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline against the sandbox's field faults, into a local folder. */
class ExportToFolderTest {

    @TempDir
    Path work;

    @Test
    void every_exportable_held_recording_lands_once_with_the_sandbox_sha256_and_nothing_else() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(11), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", export.toString());
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                RunSummary settled = exporter.exportUntilSettled(window, Duration.ofMinutes(3));
                assertDeliveredExactly(sandbox, exporter, export);
                assertEquals(0, sandbox.journal().retryAfterViolations());
                assertEquals(0, sandbox.journal().mediaRequestsWithAuthorization());

                long filesBefore = countFiles(export);
                RunSummary again = exporter.export(window);
                assertEquals(0, again.deliveredThisRun(), "a second export delivers nothing new");
                assertEquals(filesBefore, countFiles(export));
                assertEquals(settled.found(), again.found());
            }
        }
    }

    static void assertDeliveredExactly(GenesysSandbox sandbox, Exporter exporter, Path root) throws IOException {
        ObjectMapper json = new ObjectMapper();
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
            Path media = root.resolve(row.destinationKey());
            JsonNode sidecar = json.readTree(root.resolve(row.destinationKey().replaceAll("\\.[a-z0-9]+$", ".json")).toFile());
            String expected = "batch".equals(sidecar.path("path").asText()) ? truth.batchSha256() : truth.directSha256();
            assertEquals(expected, sha256(media), "bytes of " + row.destinationKey());
            assertEquals(expected, sidecar.path("sha256").asText());
            assertEquals(truth.conversationId(), sidecar.path("conversationId").asText());
        }
        List<Path> payload;
        try (Stream<Path> files = Files.walk(root)) {
            payload = files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".json"))
                    .filter(p -> p.getParent().getParent().getParent().getFileName().toString().equals("data")).toList();
        }
        assertEquals(exportable, payload.size(), "one file per exportable held recording, nothing more");
        for (Path file : payload) {
            assertTrue(heldConversations.contains(file.getParent().getFileName().toString()), "unheld call exported: " + file);
        }
        assertTrue(exportable > 10, "the scenario holds enough recordings to mean something");
    }

    static long countFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
