package dev.holdfast.pipeline;

import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** holdfast.genesys.protect: every exported conversation also gets Genesys' own deletion protection. */
class GenesysProtectionTest {

    @TempDir
    Path work;

    @Test
    void exported_conversations_are_protected_at_the_source_and_only_those() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(51).conversations(40).build(), "127.0.0.1", 0)) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(work.resolve("export")));
            settings.put("holdfast.genesys.protect", "true");
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
                Set<String> exported = new HashSet<>();
                for (String conversation : sandbox.groundTruth().heldConversationIds()) {
                    if (exporter.ledger().rowsOf(conversation).stream().map(LedgerRow::state).anyMatch(RecordingState.DELIVERED::equals)) {
                        exported.add(conversation);
                    }
                }
                assertFalse(exported.isEmpty());
                assertEquals(exported, new HashSet<>(sandbox.protectedConversationIds()));
            }
        }
    }
}
