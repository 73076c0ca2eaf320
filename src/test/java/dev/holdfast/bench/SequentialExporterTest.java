package dev.holdfast.bench;

import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's baseline is a correct exporter, so beating it means something (its 5 s poll shortened here). */
class SequentialExporterTest {

    @TempDir
    Path work;

    @Test
    void the_baseline_delivers_every_held_recording_that_is_not_archived_with_the_batch_bytes() throws Exception {
        Scenario scenario = Scenario.builder(5).conversations(30).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            SequentialExporter baseline = new SequentialExporter(sandbox.baseUrl(), sandbox.baseUrl(),
                    scenario.clientId(), scenario.clientSecret(), "legal_hold", "true", Duration.ofMillis(20));
            Instant to = Instant.now();
            SequentialExporter.Result result = baseline.export(to.minus(scenario.span()), to, work);

            List<String> problems = Delivered.check(sandbox.groundTruth(), result.sha256ByRecording(), false, new ArrayList<>());
            assertEquals(List.of(), problems);
            long expected = sandbox.groundTruth().held().stream().filter(r -> r.exportable() && !r.archived()).count();
            assertTrue(expected > 0, "the scenario holds something to export");
            assertEquals(expected, result.delivered());
            assertEquals(sandbox.groundTruth().heldConversationIds().size(), result.heldConversations());
            assertEquals(0, sandbox.journal().mediaRequestsWithAuthorization());
        }
    }
}
