package dev.holdfast.reliability;

import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.safety.GenesysIds;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.SftpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario (k): hostile recording ids ({@code ../../etc/x}, {@code %2e%2e%2f}, an absolute path, NUL, 300
 * characters, a right-to-left override, a non-UUID) are rejected with a ledger reason, nothing is written outside
 * the destination root (the SFTP server's whole disk is walked), and the rest of the run is delivered.
 */
class MaliciousIdsScenarioTest {

    /** The id the sandbox gives its earliest held conversation under maliciousIds. */
    private static final String HOSTILE_CONVERSATION = "../../../held/\u202Eevil";

    @TempDir
    Path work;

    @Test
    void hostile_ids_are_rejected_with_a_reason_nothing_leaves_the_root_and_the_rest_is_delivered() throws Exception {
        long seed = Figures.seed(631);
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).maliciousIds(true).build(), "127.0.0.1", 0);
             SftpTestServer sftp = SftpTestServer.start()) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.sftp(sftp.port(), sftp.knownHostsFile(), "legal/exports"));
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
                Invariants.Result result = Invariants.assertAllDelivered(sandbox, exporter.ledger(),
                        DestinationView.folder(sftp.root().resolve("legal/exports")));
                // hostile recording ids in conversations with a good id (the hostile conversation's own
                // recordings are never listed: the conversation is rejected as a whole)
                List<HeldRecording> hostile = sandbox.groundTruth().held().stream()
                        .filter(h -> "INVALID_ID".equals(h.terminalReason()) && !HOSTILE_CONVERSATION.equals(h.conversationId()))
                        .toList();
                // the ledger keeps each hostile id (as a hash, the raw id quoted in the detail): count its rows
                List<LedgerRow> rows = exporter.ledger().rowsIn(Instant.EPOCH, Instant.now().plusSeconds(3600));
                long rejected = rows.stream().filter(r -> "invalid-id".equals(r.reason())
                        && r.state() == RecordingState.TERMINAL && !Ledger.REJECTED_CONVERSATION.equals(r.recordingId())).count();
                List<Path> outside;
                try (Stream<Path> all = Files.walk(sftp.root().getParent())) {
                    outside = all.filter(Files::isRegularFile)
                            .filter(f -> !f.startsWith(sftp.root().resolve("legal/exports")))
                            .filter(f -> !f.getFileName().toString().startsWith("known_hosts")).toList();
                }
                Figures.report("k malicious ids", hostile.size() + 1, seed, "rejected=" + rejected + "/" + hostile.size()
                        + " hostileConversationRejected=1"
                        + " writesOutsideRoot=" + outside.size() + " " + result);
                assertTrue(hostile.size() >= 7, "every hostile pattern was served: " + hostile.size());
                assertEquals(hostile.size(), rejected, "hostile ids rejected with reason invalid-id");
                // and each rejection is in the custody log, under the same safe key
                long rejectionsInCustody = rows.stream().filter(r -> "invalid-id".equals(r.reason())
                        && !Ledger.REJECTED_CONVERSATION.equals(r.recordingId()))
                        .filter(r -> exporter.ledger().custodyOfConversation(r.conversationId(), CustodyEvent.TERMINAL).stream()
                                .anyMatch(e -> r.recordingId().equals(e.recordingId())))
                        .count();
                assertEquals(hostile.size(), rejectionsInCustody, "rejected recording ids with their custody event");
                assertEquals(List.of(), outside, "files written outside the destination root");
                // the held conversation with a hostile id: known to the ledger, terminal, nothing of it delivered (above)
                LedgerRow conversation = exporter.ledger().row(GenesysIds.ledgerKey(HOSTILE_CONVERSATION),
                        Ledger.REJECTED_CONVERSATION).orElseThrow();
                assertEquals(RecordingState.TERMINAL, conversation.state());
                assertEquals("invalid-id", conversation.reason());
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    private static String escape(String id) {
        StringBuilder sb = new StringBuilder();
        id.codePoints().limit(60).forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb.toString();
    }
}
