package dev.holdfast.reliability;

import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import dev.holdfast.testsupport.DestinationView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node of a shared ledger is killed mid-download; it is named (not {@code pid@host}), as a node of another host
 * would be seen, so nothing can tell that it is gone but its silence. Another node takes its recordings and its
 * open bag over within about a minute at the shipped lease, and settles the window.
 */
class DeadNodeTakeoverTest {

    @TempDir
    Path work;

    @Test
    void a_killed_node_s_work_is_taken_over_by_another_node_within_about_a_minute_at_the_default_lease() throws Exception {
        long seed = Figures.seed(701);
        Scenario scenario = Scenario.builder(seed).conversations(24).bigRecording(8L * 1024 * 1024 + 321).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Path export = work.resolve("export").toAbsolutePath();
            Path spool = work.resolve("spool");
            Map<String, String> settings = new LinkedHashMap<>(ChildRuns.settings(sandbox, work));
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", export.toString());
            // no holdfast.lease: the shipped PT60S is what is measured
            String[] window = ChildRuns.window(sandbox);
            List<String> jvm = List.of("-Xmx160m");

            Map<String, String> nodeA = new LinkedHashMap<>(settings);
            nodeA.put("holdfast.node", "node-a");
            ChildExporter killed = ChildExporter.start(work, jvm, nodeA, window);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(2))
                    .until(() -> spooling(spool) || !killed.isAlive());
            assertTrue(killed.isAlive(), "node-a ended before it downloaded anything:\n" + killed.logTail());
            killed.kill9();
            long killedAt = System.nanoTime();
            Ledger ledger = Invariants.ledgerAt(Invariants.h2Url(work));
            List<String> heldByTheDead = inFlight(ledger);
            assertTrue(!heldByTheDead.isEmpty(), "node-a was killed holding recordings");

            Map<String, String> nodeB = new LinkedHashMap<>(settings);
            nodeB.put("holdfast.node", "node-b");
            List<Integer> exits = new ArrayList<>();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                ChildExporter run = ChildExporter.start(work, jvm, nodeB, window);
                int exit = run.awaitExit(Duration.ofMinutes(3));
                assertTrue(exit == 0 || exit == 3, "node-b exited " + exit + ":\n" + run.logTail());
                exits.add(exit);
                return exit == 0;
            });
            double takeover = (System.nanoTime() - killedAt) / 1e9;

            Invariants.Result result = Invariants.assertAllDelivered(sandbox, ledger, DestinationView.folder(export));
            List<String> stillInFlight = inFlight(ledger);
            List<String> leftOpen = ledger.abandonedBags(Duration.ZERO).stream().map(Ledger.OpenBag::bag).toList();
            Figures.report("h2 dead node taken over (shared ledger, default lease)", heldByTheDead.size(), seed,
                    "heldByKilledNode=" + heldByTheDead.size() + " runsOfOtherNode=" + exits.size() + " exits=" + exits
                            + " takenOverAndSettledIn=" + String.format("%.1fs", takeover) + " stuckInFlight="
                            + stillInFlight.size() + " bagsLeftOpen=" + leftOpen.size() + " " + result);
            assertEquals(List.of(), stillInFlight, "recordings of the killed node still in flight");
            assertEquals(List.of(), leftOpen, "the killed node's bag was never sealed");
            for (String recording : heldByTheDead) {
                String[] ids = recording.split("/");
                assertEquals(RecordingState.DELIVERED, ledger.row(ids[0], ids[1]).orElseThrow().state(), recording);
            }
            // one lease (60 s) after node-a's last renewal at most, plus node-b's runs, on 2 shared cores
            assertTrue(takeover < 150, "taken over and settled in " + takeover + " s");
        }
    }

    private static List<String> inFlight(Ledger ledger) {
        return ledger.rowsIn(Instant.EPOCH, Instant.now().plusSeconds(3600)).stream().filter(r -> r.state() == RecordingState.IN_PROGRESS)
                .map(r -> r.conversationId() + "/" + r.recordingId()).toList();
    }

    private static boolean spooling(Path spool) {
        if (!Files.isDirectory(spool)) {
            return false;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".part") && f.toFile().length() > 0);
        } catch (IOException e) {
            return false;
        }
    }
}
