package dev.holdfast.pipeline;

import dev.holdfast.config.ExitCode;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What goes pending for a few seconds only (archived recordings restored within 2 s, calls transcoding longer
 * than one list call waits) is delivered by the run that met it: the run tries it again before it ends.
 */
class PendingRecheckTest {

    @TempDir
    Path work;

    @Test
    void recordings_restored_or_transcoded_within_seconds_are_delivered_by_the_same_run() throws Exception {
        Scenario scenario = Scenario.builder(23).conversations(40).archivedShare(0.2).longCallShare(0.3)
                .transcodingShare(0.5).restoreDelay(Duration.ofSeconds(2)).nullUrlShare(0).staleUrlShare(0)
                .deletedShare(0).errorShare(0).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            List<HeldRecording> archived = sandbox.groundTruth().held().stream().filter(HeldRecording::archived).toList();
            assertFalse(archived.isEmpty(), "the scenario holds archived recordings");
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();

                RunSummary only = exporter.export(window);

                assertEquals(ExitCode.COMPLETE, only.exitCode(), only.render());
                for (HeldRecording r : archived) {
                    assertEquals(RecordingState.DELIVERED,
                            exporter.ledger().row(r.conversationId(), r.recordingId()).orElseThrow().state(), r.recordingId());
                }
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, DestinationView.folder(export));
            }
        }
    }
}
