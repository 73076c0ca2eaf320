package dev.holdfast.pipeline;

import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analytics data arrives late: a held conversation invisible to every query when its window was first run is
 * found when the scheduler re-queries the window after the data lake settled, exported, and reported as late.
 */
class SettleRecheckTest {

    @TempDir
    Path work;

    @Test
    void a_conversation_revealed_late_is_found_by_the_settle_recheck_and_reported_as_late() throws Exception {
        Scenario scenario = Scenario.builder(41).conversations(30).lateConversations(1, Duration.ofSeconds(12)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            String late = sandbox.lateConversationIds().get(0);
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(work.resolve("export")));
            settings.put("holdfast.settle", "PT20S");
            try (Exporter exporter = Exporter.start(settings);
                 ProducerTemplate schedule = exporter.app().context().createProducerTemplate()) {
                schedule.requestBody("direct:scheduled-run", (Object) null);
                assertTrue(exporter.ledger().rowsOf(late).isEmpty(), "invisible on the first look");
                assertFalse(exporter.ledger().conversationStart(late).isPresent());

                List<HeldRecording> lateRecordings = sandbox.groundTruth().held().stream()
                        .filter(r -> r.conversationId().equals(late) && r.exportable()).toList();
                assertFalse(lateRecordings.isEmpty());
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    schedule.requestBody("direct:scheduled-run", (Object) null);
                    return lateRecordings.stream().allMatch(r -> exporter.ledger().row(r.conversationId(), r.recordingId())
                            .map(LedgerRow::state).orElse(null) == RecordingState.DELIVERED);
                });
                var lateEvents = exporter.ledger().custodyOfConversation(late, "late");
                assertEquals(1, lateEvents.stream().filter(e -> e.recordingId() == null).count(), "reported once as late");
                // and each of its recordings, which appeared only then too
                assertEquals(lateRecordings.stream().map(HeldRecording::recordingId).sorted().toList(),
                        lateEvents.stream().map(e -> e.recordingId()).filter(id -> id != null).sorted().toList());
            }
        }
    }
}
