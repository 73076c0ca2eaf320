package dev.holdfast.pipeline;

import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.GenesysProtection;
import dev.holdfast.run.RunContext;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Genesys' cap of 1,000 protected conversations is the org's: every node's protections count (they are in the
 * shared ledger, the protections of other nodes seeded here), one node at a time counts and protects under the
 * ledger's lock, and 900 is the warning line.
 */
class GenesysProtectionCapTest {

    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    @TempDir
    Path work;

    @Test
    void protections_of_other_nodes_count_and_the_org_never_exceeds_1000() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(51).conversations(40).build(), "127.0.0.1", 0);
             Exporter exporter = Exporter.start(settings(sandbox))) {
            protectedByOtherNodes(exporter.ledger(), 995);

            exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
            GenesysProtection.Protection after = protection(exporter).protectDue(run(exporter));

            Set<String> exported = exported(sandbox, exporter);
            assertTrue(exported.size() > 5, "more exported than the cap leaves room for, or this proves nothing: " + exported);
            assertEquals(5, sandbox.protectedConversationIds().size());
            assertTrue(exported.containsAll(sandbox.protectedConversationIds()));
            assertEquals(1000, exporter.ledger().protectedConversations());
            assertEquals(1000, after.orgTotal());
            assertEquals(exported.size() - 5, after.left());
            assertTrue(after.nearCap());
        }
    }

    @Test
    void the_warning_comes_when_the_org_reaches_900() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(52).conversations(40).build(), "127.0.0.1", 0);
             Exporter exporter = Exporter.start(settings(sandbox))) {
            protectedByOtherNodes(exporter.ledger(), 899);
            GenesysProtection.Protection before = protection(exporter).protectDue(run(exporter));

            exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
            GenesysProtection.Protection after = protection(exporter).protectDue(run(exporter));

            assertEquals(899, before.orgTotal());
            assertFalse(before.nearCap());
            int exported = exported(sandbox, exporter).size();
            assertTrue(exported > 0);
            assertEquals(899 + exported, after.orgTotal());
            assertTrue(after.nearCap());
        }
    }

    @Test
    void a_node_protects_nothing_while_another_holds_the_protection_lock() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(53).conversations(40).build(), "127.0.0.1", 0);
             Exporter exporter = Exporter.start(settings(sandbox))) {
            Ledger ledger = exporter.ledger();
            assertTrue(ledger.tryLock(GenesysProtection.LOCK, "node-b/run-1", Duration.ofMinutes(2)));

            exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
            Set<String> whileLocked = new HashSet<>(sandbox.protectedConversationIds());
            ledger.releaseLock(GenesysProtection.LOCK, "node-b/run-1");
            GenesysProtection.Protection after = protection(exporter).protectDue(run(exporter));

            Set<String> exported = exported(sandbox, exporter);
            assertFalse(exported.isEmpty());
            assertEquals(Set.of(), whileLocked);
            assertEquals(exported, new HashSet<>(sandbox.protectedConversationIds()));
            assertEquals(exported.size(), after.protectedNow());
            assertEquals(exported.size(), ledger.protectedConversations());
        }
    }

    private Map<String, String> settings(GenesysSandbox sandbox) {
        Map<String, String> settings = Exporter.settingsFor(sandbox, work);
        settings.putAll(Destinations.folder(work.resolve("export")));
        settings.put("holdfast.genesys.protect", "true");
        return settings;
    }

    /** Conversations another node exported long ago and protected: closed, outside every window of this test. */
    private static void protectedByOtherNodes(Ledger ledger, int count) {
        for (int i = 0; i < count; i++) {
            String id = new UUID(0x5eed_0000_0000_0000L, i).toString();
            ledger.recordConversation(id, LONG_AGO, "{}", "other-node-run");
            ledger.markRecordingsListed(id);
            ledger.markProtected(List.of(id));
        }
    }

    private static GenesysProtection protection(Exporter exporter) {
        return exporter.app().bean("genesysProtection", GenesysProtection.class);
    }

    private static RunContext run(Exporter exporter) {
        Window window = exporter.defaultWindow();
        return RunContext.start(window, "test-node", "test", Instant.now(), false);
    }

    private static Set<String> exported(GenesysSandbox sandbox, Exporter exporter) {
        Set<String> exported = new HashSet<>();
        for (String conversation : sandbox.groundTruth().heldConversationIds()) {
            if (exporter.ledger().rowsOf(conversation).stream().map(LedgerRow::state).anyMatch(RecordingState.DELIVERED::equals)) {
                exported.add(conversation);
            }
        }
        return exported;
    }
}
