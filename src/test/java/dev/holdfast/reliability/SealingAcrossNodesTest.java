package dev.holdfast.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.config.ExitCode;
import dev.holdfast.custody.BagVerifier;
import dev.holdfast.custody.BagWriter;
import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.custody.ExpectedDelivery;
import dev.holdfast.deliver.FileDestinationReader;
import dev.holdfast.discover.Window;
import dev.holdfast.integrity.Sha256;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.seal.BagSealer;
import dev.holdfast.run.RunContext;
import dev.holdfast.run.RunSummary;
import dev.holdfast.run.Runs;
import dev.holdfast.seal.SealLock;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several exporter apps on one ledger (H2 file, {@code AUTO_SERVER=TRUE}) and one folder destination seal bags at
 * the same moment, released together by a barrier: the ledger's seal lock makes them take turns, so the custody
 * chain across all bags stays one line, and a bag is never sealed twice.
 */
class SealingAcrossNodesTest {

    private static final int ROUNDS = 6;
    private static final Instant BASE = Instant.parse("2026-01-05T00:00:00Z");

    @TempDir
    Path work;

    @Test
    void two_nodes_sealing_at_the_same_moment_chain_their_bags_one_after_the_other() throws Exception {
        long seed = Figures.seed(701);
        Path destination = work.resolve("export");
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).conversations(2).build(), "127.0.0.1", 0);
             Exporter a = node(sandbox, "a", Map.of());
             Exporter b = node(sandbox, "b", Map.of())) {
            List<String> bags = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<Callable<Object>> seals = new ArrayList<>();
                int i = 0;
                for (Exporter node : List.of(a, b)) {
                    RunContext run = runThatFoundOneRecording(node, new Window(BASE.plus(Duration.ofHours(2L * round + i)),
                            BASE.plus(Duration.ofHours(2L * round + i + 1))));
                    bags.add(run.bag());
                    seals.add(() -> seal(node, run));
                    i++;
                }
                atTheSameMoment(seals);
            }

            for (String bag : bags) {
                assertFalse(a.ledger().bagOpen(bag), bag + " sealed in the ledger");
                assertTrue(Files.exists(destination.resolve(bag).resolve(BagWriter.TAGMANIFEST)), bag + " complete");
            }
            List<String> chain = assertOneLinearChain(destination);
            assertEquals(bags.size(), chain.size(), "every bag in the one chain: " + chain);
            Ledger.SealedBag last = a.ledger().lastSealedBag().orElseThrow();
            assertEquals(chain.get(chain.size() - 1), last.bag(), "the ledger continues the chain from its end");
            assertEquals(List.of(), verify(destination, List.of()));
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    @Test
    void a_bag_left_open_for_want_of_the_seal_lock_makes_its_run_exit_3_and_is_sealed_once_by_the_next_runs()
            throws Exception {
        long seed = Figures.seed(702);
        Path destination = work.resolve("export");
        Scenario clean = Scenario.builder(seed).conversations(6).heldShare(1.0).transferShare(0).longCallShare(0)
                .transcodingShare(0).nullUrlShare(0).staleUrlShare(0).archivedShare(0).deletedShare(0).errorShare(0).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(clean, "127.0.0.1", 0)) {
            Window window = new Window(Instant.now().minus(clean.span()).minus(Duration.ofMinutes(5)),
                    Instant.now().plusSeconds(1));
            String elsewhere = "node-x/holdfast-elsewhere";
            RunSummary kept;
            try (Exporter a = node(sandbox, "a", Map.of("holdfast.seal-wait", "PT0S"))) {
                assertTrue(a.ledger().tryLock(SealLock.NAME, elsewhere, Duration.ofHours(1)));
                kept = a.export(window);
                a.ledger().releaseLock(SealLock.NAME, elsewhere);
            }
            String leftOpen = "holdfast-" + kept.runId();
            assertTrue(kept.deliveredThisRun() > 0 && kept.pendingCount() == 0, kept.render());
            assertTrue(kept.bagLeftOpen(), kept.render());
            assertEquals(ExitCode.PENDING, kept.exitCode(), "an unsealed bag is not a complete export");
            assertFalse(Files.exists(destination.resolve(leftOpen).resolve(BagWriter.CUSTODY)), "nothing of it sealed");

            try (Exporter b = node(sandbox, "b", Map.of()); Exporter c = node(sandbox, "c", Map.of())) {
                // both nodes see the bag left open, then seal what they saw at once: one seals it, the other finds it sealed
                List<Callable<Object>> seals = new ArrayList<>();
                for (Exporter node : List.of(b, c)) {
                    RunContext current = node.app().bean("runs", Runs.class).start(window, false);
                    List<RunContext> dead = node.app().bean("bagSealer", BagSealer.class).abandoned(current);
                    assertEquals(List.of(leftOpen), dead.stream().map(RunContext::bag).toList());
                    seals.add(() -> seal(node, dead.get(0)));
                }
                atTheSameMoment(seals);
                assertFalse(b.ledger().bagOpen(leftOpen));

                List<Callable<Object>> exports = List.of(() -> b.export(window), () -> c.export(window));
                for (Object summary : atTheSameMoment(exports)) {
                    assertEquals(ExitCode.COMPLETE, ((RunSummary) summary).exitCode(), ((RunSummary) summary).render());
                }
                assertEquals(List.of(leftOpen), assertOneLinearChain(destination));
                assertEquals(List.of(), verify(destination, deliveries(b.ledger())));
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    /** One exporter app of the shared ledger and destination, named {@code node-<name>}. */
    private Exporter node(GenesysSandbox sandbox, String name, Map<String, String> extra) {
        Map<String, String> settings = Exporter.settingsFor(sandbox, work.resolve(name));
        settings.put("holdfast.db.url", Invariants.h2Url(work) + ";AUTO_SERVER=TRUE");
        settings.put("holdfast.node", "node-" + name);
        settings.putAll(Destinations.folder(work.resolve("export")));
        settings.putAll(extra);
        return Exporter.start(settings);
    }

    /** A run with its bag open and one held recording found in its window: its bag has something new to seal. */
    private static RunContext runThatFoundOneRecording(Exporter node, Window window) {
        RunContext run = node.app().bean("runs", Runs.class).start(window, false);
        node.app().bean("bagSealer", BagSealer.class).open(run);
        Ledger ledger = node.ledger();
        String conversation = UUID.nameUUIDFromBytes((run.bag() + "/c").getBytes(StandardCharsets.UTF_8)).toString();
        String recording = UUID.nameUUIDFromBytes((run.bag() + "/r").getBytes(StandardCharsets.UTF_8)).toString();
        ledger.recordConversation(conversation, window.from().plusSeconds(60), "{}", run.runId());
        ledger.registerRecording(conversation, recording);
        ledger.appendCustody(run.bag(), ledger.now(), CustodyEvent.DISCOVERED, conversation, null, run.actor(),
                run.node(), null);
        return run;
    }

    /** Seals a run's bag through the node's own {@code bag} route. */
    private static Object seal(Exporter node, RunContext run) throws Exception {
        try (ProducerTemplate producer = node.app().context().createProducerTemplate()) {
            return producer.requestBody("direct:bag", run);
        }
    }

    /** Runs each on its own thread, all released by one barrier; answers their results, rethrowing any failure. */
    private static List<Object> atTheSameMoment(List<Callable<Object>> tasks) throws Exception {
        CyclicBarrier together = new CyclicBarrier(tasks.size());
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Object>> running = new ArrayList<>();
            for (Callable<Object> task : tasks) {
                running.add(threads.submit(() -> {
                    together.await();
                    return task.call();
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> result : running) {
                results.add(result.get(3, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Reads every custody log at the destination: no two bags share a first {@code prev}, and following the links
     * from the start of the chain reaches every bag, each linked to the last line of exactly one bag before it.
     * Answers the bags in chain order.
     */
    private static List<String> assertOneLinearChain(Path destination) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> bagsByPrev = new TreeMap<>();
        Map<String, String> lastHashOf = new HashMap<>();
        List<Path> logs;
        try (Stream<Path> files = Files.walk(destination)) {
            logs = files.filter(f -> f.getFileName().toString().equals(BagWriter.CUSTODY)).sorted().toList();
        }
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String bag = destination.relativize(log.getParent()).toString();
            bagsByPrev.computeIfAbsent(json.readTree(lines.get(0)).path("prev").asText(), p -> new ArrayList<>()).add(bag);
            lastHashOf.put(bag, Sha256.of(lines.get(lines.size() - 1)));
        }
        Map<String, List<String>> forks = new TreeMap<>(bagsByPrev);
        forks.values().removeIf(sharing -> sharing.size() == 1);
        assertEquals(Map.of(), forks, "bags sharing a prev (the chain forks)");
        List<String> chain = new ArrayList<>();
        String link = Sha256.ZERO;
        while (bagsByPrev.containsKey(link) && chain.size() <= logs.size()) {
            String bag = bagsByPrev.get(link).get(0);
            chain.add(bag);
            link = lastHashOf.get(bag);
        }
        assertEquals(logs.size(), chain.size(), "bags reached from the start of the chain: " + chain + " of " + logs);
        return chain;
    }

    private static List<ExpectedDelivery> deliveries(Ledger ledger) {
        List<ExpectedDelivery> expected = new ArrayList<>();
        for (LedgerRow row : ledger.delivered()) {
            expected.add(new ExpectedDelivery(row.destinationKey(), row.sha256(), row.size()));
            String sidecar = dev.holdfast.deliver.KeyBuilder.sidecarKeyOf(row.destinationKey());
            expected.add(new ExpectedDelivery(sidecar, row.sidecarSha256(), row.sidecarSize()));
        }
        return expected;
    }

    private static List<String> verify(Path destination, List<ExpectedDelivery> expected) throws Exception {
        try (FileDestinationReader reader = new FileDestinationReader(destination)) {
            return new BagVerifier(reader).verify(expected).stream().map(Object::toString).toList();
        }
    }
}
