package dev.holdfast.reliability;

import dev.holdfast.testsupport.Destinations;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import dev.holdfast.testsupport.DestinationView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario (o), spool disk full: the child exporter runs in its own mount namespace ({@code unshare -rm}) whose
 * spool folder is a 1 MiB tmpfs, against a sandbox with one 3 MiB recording. The big one stays pending with a
 * reason, never marked delivered and absent from the destination; every other recording is delivered; the spool
 * holds no bytes when each run ends (listed by the wrapper before the namespace goes).
 */
class FullSpoolDiskTest {

    private static final long BIG = 3L * 1024 * 1024 + 99;

    @TempDir
    Path work;

    @Test
    void a_full_spool_keeps_the_big_recording_pending_leaves_no_bytes_and_delivers_the_rest() throws Exception {
        long seed = Figures.seed(681);
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).conversations(30).bigRecording(BIG).build(),
                "127.0.0.1", 0)) {
            HeldRecording big = sandbox.groundTruth().held().stream()
                    .max(Comparator.comparingLong(HeldRecording::directSize)).orElseThrow();
            Path spool = Files.createDirectories(work.resolve("spool"));
            Path destination = work.resolve("export");
            Map<String, String> settings = ChildRuns.settings(sandbox, work);
            settings.putAll(Destinations.folder(destination));
            Path afterRun = work.resolve("spool-after-run.txt");
            // the spool is a 1 MiB tmpfs for this child only; when the JVM ends, what it left in the spool is counted
            List<String> wrapper = List.of("unshare", "-rm", "sh", "-c",
                    "mount -t tmpfs -o size=1m tmpfs '" + spool + "' || exit 97; \"$0\" \"$@\"; rc=$?; "
                            + "echo \"files=$(find '" + spool + "' -type f | wc -l) bytes=$(du -sb '" + spool + "' | cut -f1)"
                            + " size=$(df -B1 --output=size '" + spool + "' | tail -1 | tr -d ' ')\" >> '" + afterRun + "'; exit $rc");
            String[] window = ChildRuns.window(sandbox);
            List<String> jvm = List.of("-Xmx160m");
            Ledger ledger = Invariants.ledgerAt(Invariants.h2Url(work));
            List<Integer> exits = new ArrayList<>();
            long started = System.nanoTime();
            for (int run = 0; run < 4; run++) {
                ChildExporter child = ChildExporter.start(work, jvm, settings, wrapper, window);
                int exit = child.awaitExit(Duration.ofMinutes(3));
                exits.add(exit);
                assertTrue(exit == 0 || exit == 3, "export exited " + exit + ":\n" + child.logTail());
                assertTrue(child.logText().contains("delivered"), "the child ran: " + child.logTail());
                if (othersSettled(sandbox, ledger, big)) {
                    break;
                }
            }
            List<String> spoolAfter = Files.readAllLines(afterRun);
            Invariants.Result result = Invariants.check(sandbox, ledger, DestinationView.folder(destination),
                    h -> h.recordingId().equals(big.recordingId()));
            LedgerRow bigRow = ledger.row(big.conversationId(), big.recordingId()).orElseThrow();
            long wronglyDelivered = ledger.rowsIn(java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(3600)).stream()
                    .filter(r -> r.state() == RecordingState.DELIVERED)
                    .filter(r -> !Files.isRegularFile(destination.resolve(r.destinationKey()))).count();
            Figures.report("o spool disk full (tmpfs 1 MiB, " + big.directSize() + " B recording)", result.exportable(), seed,
                    "big=" + bigRow.state() + "/" + bigRow.reason() + " exits=" + exits + " spoolAfterEachRun=" + spoolAfter
                            + " wronglyMarkedDelivered=" + wronglyDelivered
                            + " time=" + String.format("%.0fs", (System.nanoTime() - started) / 1e9) + " " + result);
            assertEquals(RecordingState.PENDING, bigRow.state(), "the big recording waits: " + bigRow.detail());
            assertEquals("local-io-error", bigRow.reason(), bigRow.detail());
            assertEquals(result.exportable() - 1, result.delivered(), "every other recording delivered");
            assertEquals(0, wronglyDelivered, "rows marked delivered without their file");
            assertTrue(!spoolAfter.isEmpty() && spoolAfter.stream().allMatch(l -> l.startsWith("files=0 bytes=")
                    && !l.contains("size=" + 0)), "spool after each run: " + spoolAfter);
            for (String line : spoolAfter) {
                long bytes = Long.parseLong(line.replaceAll(".*bytes=(\\d+).*", "$1"));
                assertTrue(bytes < 64 * 1024, "temporary bytes left in the spool: " + line);
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    private static boolean othersSettled(GenesysSandbox sandbox, Ledger ledger, HeldRecording big) {
        return sandbox.groundTruth().held().stream().filter(HeldRecording::exportable)
                .filter(h -> !h.recordingId().equals(big.recordingId()))
                .allMatch(h -> ledger.row(h.conversationId(), h.recordingId())
                        .map(r -> r.state() == RecordingState.DELIVERED).orElse(false));
    }
}
