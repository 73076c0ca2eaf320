package dev.holdfast.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.ledger.LedgerFile;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.testsupport.DestinationView;
import org.h2.jdbcx.JdbcDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * RELIABILITY.md's invariants after a scenario, against the sandbox's ground truth and what the destination
 * holds (read by the test, never through the exporter): I1 nothing lost (each exportable held recording is
 * DELIVERED, or, when the scenario allows it, has a state and a reason), I2 nothing duplicated (one payload
 * object per recording), I3 nothing altered (SHA-256 as served), I4 nothing partial visible (no temporary file).
 */
final class Invariants {

    /** What one check found: the figures a scenario reports. */
    record Result(int exportable, int delivered, int notDelivered, int payloadObjects, int tempFiles) {
        @Override
        public String toString() {
            return "exportable=" + exportable + " delivered=" + delivered + " notDelivered=" + notDelivered
                    + " payloadObjects=" + payloadObjects + " tempFiles=" + tempFiles;
        }
    }

    private Invariants() {
    }

    /** Every exportable held recording delivered exactly once, byte for byte. */
    static Result assertAllDelivered(GenesysSandbox sandbox, Ledger ledger, DestinationView destination) {
        return check(sandbox, ledger, destination, r -> false);
    }

    /**
     * @param mayBeUndelivered recordings the scenario keeps from delivery (a permanent fault): they must have a
     *                         PENDING or TERMINAL row with a reason, and nothing at the destination
     */
    static Result check(GenesysSandbox sandbox, Ledger ledger, DestinationView destination,
                        Predicate<HeldRecording> mayBeUndelivered) {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> objects = destination.sha256ByKey();
        List<String> temp = objects.keySet().stream().filter(k -> k.endsWith(".part") || k.contains(".part.")).toList();
        assertTrue(temp.isEmpty(), "I4: temporary files left at the destination: " + temp);

        Map<String, List<String>> payloadByRecording = new HashMap<>();
        for (String key : objects.keySet()) {
            String[] parts = key.split("/");
            if (parts.length == 5 && parts[1].equals("data") && !key.endsWith(".json")) {
                // <recordingId>.<ext> or <recordingId>.original.<ext>: a Genesys UUID has no dot
                String recording = parts[4].substring(0, parts[4].indexOf('.'));
                payloadByRecording.computeIfAbsent(recording, r -> new ArrayList<>()).add(key);
            }
        }
        Set<String> heldRecordings = new HashSet<>();
        int exportable = 0;
        int delivered = 0;
        int notDelivered = 0;
        int reviewCopies = 0;
        for (HeldRecording truth : sandbox.groundTruth().held()) {
            heldRecordings.add(truth.recordingId());
            if (!truth.exportable()) {
                continue;
            }
            exportable++;
            LedgerRow row = ledger.row(truth.conversationId(), truth.recordingId())
                    .orElseThrow(() -> new AssertionError("I1: the ledger does not know " + truth.recordingId()));
            List<String> keys = payloadByRecording.getOrDefault(truth.recordingId(), List.of());
            if (row.state() != RecordingState.DELIVERED) {
                if (!mayBeUndelivered.test(truth)) {
                    fail("I1: " + truth.recordingId() + " is " + row.state() + " (" + row.reason() + ": " + row.detail() + ")");
                }
                assertTrue(row.state() == RecordingState.PENDING || row.state() == RecordingState.TERMINAL,
                        "I1: undelivered " + truth.recordingId() + " must wait or be terminal, is " + row.state());
                assertNotNull(row.reason(), "I1: undelivered " + truth.recordingId() + " without a reason");
                // only a review copy confirmed ahead of its original (which batch download still owes) may be there
                List<String> reviews = reviewKeys(ledger, truth, objects);
                reviewCopies += reviews.size();
                assertEquals(reviews, keys, "undelivered " + truth.recordingId() + " is at the destination beyond its review copy");
                notDelivered++;
                continue;
            }
            delivered++;
            List<String> reviews = reviewKeys(ledger, truth, objects);
            reviewCopies += reviews.size();
            assertEquals(1 + reviews.size(), keys.size(), "I2: payload objects of " + truth.recordingId() + ": " + keys);
            assertTrue(keys.contains(row.destinationKey()), "the ledger's key of " + truth.recordingId() + ": " + keys);
            keys = List.of(row.destinationKey());
            String sidecarKey = KeyBuilder.sidecarKeyOf(keys.get(0));
            JsonNode sidecar;
            try {
                sidecar = json.readTree(destination.read(sidecarKey));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String expected = "batch".equals(sidecar.path("path").asText()) ? truth.batchSha256() : truth.directSha256();
            assertEquals(expected, objects.get(keys.get(0)), "I3: bytes of " + keys.get(0));
            assertEquals(expected, row.sha256(), "I3: the ledger's SHA-256 of " + truth.recordingId());
        }
        for (String recording : payloadByRecording.keySet()) {
            assertTrue(heldRecordings.contains(recording), "a payload no held recording explains: " + payloadByRecording.get(recording));
        }
        // one payload object per delivered recording, its review copy (a second file, checked above) aside
        int payloads = payloadByRecording.values().stream().mapToInt(List::size).sum() - reviewCopies;
        return new Result(exportable, delivered, notDelivered, payloads, temp.size());
    }

    /** The review copies the ledger confirmed for the recording, each with the bytes its media URL served (I3). */
    private static List<String> reviewKeys(Ledger ledger, HeldRecording truth, Map<String, String> objects) {
        List<String> keys = new ArrayList<>();
        for (LedgerFile file : ledger.filesOf(truth.conversationId(), truth.recordingId())) {
            if (file.confirmed() && LedgerFile.REVIEW.equals(file.role())) {
                assertEquals(truth.directSha256(), objects.get(file.key()), "I3: bytes of the review copy " + file.key());
                keys.add(file.key());
            }
        }
        return keys;
    }

    /** Opens an exporter's H2 ledger from the test (after the exporter ended, or through AUTO_SERVER). */
    static Ledger ledgerAt(String jdbcUrl) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser("sa");
        ds.setPassword("");
        return new Ledger(ds, Clock.systemUTC());
    }

    static String h2Url(Path work) {
        return "jdbc:h2:file:" + work.resolve("ledger").toAbsolutePath();
    }
}
