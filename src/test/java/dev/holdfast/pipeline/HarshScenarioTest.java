package dev.holdfast.pipeline;

import dev.holdfast.discover.Window;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The field at its worst: 20% of API calls answer 429, 5% a 5xx, tokens expire every 20 s, archived and
 * deleted recordings, conversations repeated across result pages, six hours of data-lake lag.
 */
class HarshScenarioTest {

    @TempDir
    Path work;

    @Test
    void every_exportable_recording_still_lands_once_and_no_retry_after_is_ignored() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.harsh(21), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                RunSummary settled = exporter.exportUntilSettled(window, Duration.ofMinutes(6));
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, DestinationView.folder(export));
                assertEquals(0, sandbox.journal().retryAfterViolations(), "no call before an announced Retry-After");
                // a fifth of the calls answer 429: at least a tenth did, whatever the order the workers made them in
                assertTrue(sandbox.journal().tooManyRequestsSent() * 10 >= sandbox.journal().apiRequests(),
                        "the storm happened: " + sandbox.journal().tooManyRequestsSent() + " of " + sandbox.journal().apiRequests());
                assertTrue(settled.terminalCount() > 0, "deleted recordings are reported, not waited for");
            }
        }
    }
}
