package dev.holdfast.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.discover.Window;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole pipeline against the sandbox's field faults, into a local folder. */
class ExportToFolderTest {

    @TempDir
    Path work;

    @Test
    void every_exportable_held_recording_lands_once_with_the_sandbox_sha256_and_nothing_else() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.defaults(11), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                RunSummary settled = exporter.exportUntilSettled(window, Duration.ofMinutes(3));
                DestinationView destination = DestinationView.folder(export);
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, destination);
                assertEquals(0, sandbox.journal().retryAfterViolations());
                assertEquals(0, sandbox.journal().mediaRequestsWithAuthorization());
                for (String key : destination.sha256ByKey().keySet()) {
                    if (key.contains("/data/") && key.endsWith(".json")) {
                        assertEquals("fsync", new ObjectMapper().readTree(Files.readString(export.resolve(key)))
                                .path("fsync").asText(), key + ": the media was fsynced, and the sidecar says so");
                    }
                }

                Map<String, String> before = destination.sha256ByKey();
                RunSummary again = exporter.export(window);
                assertEquals(0, again.deliveredThisRun(), "a second export delivers nothing new");
                assertEquals(settled.found(), again.found());
                assertEquals(before, destination.sha256ByKey(), "nothing written, nothing changed");
            }
        }
    }
}
