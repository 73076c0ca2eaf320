package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 part 1: the stored original of every audio recording beside its review copy, at the cost of full batches. */
class OriginalsTest {

    @TempDir
    Path work;

    @Test
    void every_audio_recording_gets_its_original_from_full_batch_requests_beside_its_review_copy() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(11), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, DestinationView.folder(export));

                List<LedgerRow> delivered = exporter.ledger().delivered();
                long audio = sandbox.groundTruth().held().stream()
                        .filter(r -> r.exportable() && !"Screen".equals(r.mediaSubtype())).count();
                // every original came by batch download, in as few requests as 100 recordings each allow
                int items = sandbox.journal().batchRequestSizes().stream().mapToInt(Integer::intValue).sum();
                assertTrue(items >= audio, "every audio original was asked for: " + items + " of " + audio);
                // one request per fallback pass (a run's first, and its re-check of what became ready since)
                List<Integer> sizes = sandbox.journal().batchRequestSizes();
                assertTrue(sizes.size() <= 2 * exporter.runs().size(), "one batch request per pass: " + sizes);
                assertTrue(sizes.get(0) >= audio * 8 / 10, "the first pass asks for the originals together: " + sizes);
                double perRecording = (double) sandbox.journal().apiRequests() / delivered.size();
                System.out.printf("originals: %d API requests for %d delivered recordings (%.2f each), batch sizes %s%n",
                        sandbox.journal().apiRequests(), delivered.size(), perRecording, sandbox.journal().batchRequestSizes());
                // 69 requests for 50 recordings (1.38) before originals; the originals share the batch requests
                assertTrue(perRecording < 1.6, "API requests per recording: " + perRecording);

                // the reconciliation notes each original whose review copy Genesys did not serve
                String reconciliation;
                try (Stream<Path> bags = Files.list(export)) {
                    reconciliation = Files.readString(bags.filter(p -> p.getFileName().toString().startsWith("holdfast-"))
                            .map(p -> p.resolve("reconciliation.csv")).filter(Files::exists).max(Path::compareTo).orElseThrow());
                }
                long batchOnly = sandbox.groundTruth().held().stream()
                        .filter(r -> r.exportable() && r.batchOnly() && !"Screen".equals(r.mediaSubtype())).count();
                assertTrue(batchOnly > 0, "the scenario has recordings without a media URL");
                assertEquals(batchOnly, reconciliation.lines().filter(l -> l.contains("," + Reason.REVIEW_COPY_UNAVAILABLE + ",")).count(),
                        reconciliation);

                // the custody log records both files of each recording delivered with its review copy
                ObjectMapper json = new ObjectMapper();
                Set<String> withBoth = new HashSet<>();
                for (HeldRecording truth : sandbox.groundTruth().held()) {
                    for (var record : exporter.ledger().custodyOfConversation(truth.conversationId(), "delivered")) {
                        JsonNode details = json.readTree(record.detailsJson());
                        if (truth.recordingId().equals(record.recordingId()) && details.path("files").size() == 2) {
                            assertEquals(truth.batchSha256(), details.path("files").findValues("sha256").stream()
                                    .map(JsonNode::asText).filter(truth.batchSha256()::equals).findFirst().orElse(null));
                            withBoth.add(truth.recordingId());
                        }
                    }
                }
                assertEquals(audio - batchOnly, withBoth.size(), "custody of both files of every recording with a review copy");
            }
        }
    }

    @Test
    void original_alone_is_delivered_when_holdfast_media_says_original() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(11), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            settings.put("holdfast.media", "original");
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, DestinationView.folder(export), false);
            }
        }
    }
}
