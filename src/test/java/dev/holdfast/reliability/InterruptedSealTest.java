package dev.holdfast.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.config.ExitCode;
import dev.holdfast.custody.BagVerifier;
import dev.holdfast.custody.BagWriter;
import dev.holdfast.custody.ExpectedDelivery;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.deliver.FileDestinationReader;
import dev.holdfast.deliver.S3DestinationReader;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ops.AlertReceiver;
import dev.holdfast.seal.BagSealer;
import dev.holdfast.run.RunContext;
import dev.holdfast.run.RunSummary;
import dev.holdfast.run.Runs;
import dev.holdfast.discover.Window;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.LocBagit;
import dev.holdfast.testsupport.S3MockServer;
import dev.holdfast.testsupport.SftpTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seal killed mid-way: the exporter halts (as {@code kill -9}) after writing its bag's {@code custody.jsonl} and
 * before {@code reconciliation.csv} and the tag manifest, through the test-only fault injection
 * {@code holdfast.test.halt-sealing-before}. The next runs on the same ledger and destination must finish that
 * bag with the very bytes it began (the summary time and Bagging-Date of a new plan would be refused by the keys
 * already written), keep the custody chain one line, and never fail. On the folder, S3 and SFTP destinations.
 */
class InterruptedSealTest {

    private static final String BUCKET = "interrupted-seal";
    private static final String HALTED = "-Dholdfast.test.halt-sealing-before=" + BagWriter.RECONCILIATION;
    private static S3MockServer s3;

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() {
        s3 = S3MockServer.start();
        s3.createBucket(BUCKET, false);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Test
    void a_seal_killed_mid_way_on_a_folder_is_finished_with_the_same_bytes_by_the_next_run() throws Exception {
        Path root = work.resolve("export");
        String result = killDuringSeal(Figures.seed(801), Destinations.folder(root), DestinationView.folder(root),
                new FileDestinationReader(root), root);
        Figures.report("seal killed mid-way (folder)", 1, Figures.seed(801), result);
    }

    @Test
    void a_seal_killed_mid_way_on_s3_is_finished_with_the_same_bytes_by_the_next_run() throws Exception {
        String result = killDuringSeal(Figures.seed(802), Destinations.s3(s3, BUCKET, "sealed"),
                DestinationView.s3(s3.client(), BUCKET, "sealed"),
                new S3DestinationReader(s3.client(), BUCKET, "sealed", s3.endpoint()), null);
        Figures.report("seal killed mid-way (S3)", 1, Figures.seed(802), result);
    }

    @Test
    void a_seal_killed_mid_way_on_sftp_is_finished_with_the_same_bytes_by_the_next_run() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start()) {
            Path root = sftp.root().resolve("legal");
            String result = killDuringSeal(Figures.seed(803), Destinations.sftp(sftp.port(), sftp.knownHostsFile(), "legal"),
                    DestinationView.folder(root), new FileDestinationReader(root), root);
            Figures.report("seal killed mid-way (SFTP)", 1, Figures.seed(803), result);
        }
    }

    @Test
    void a_dead_runs_bag_that_cannot_be_sealed_is_reported_and_alerted_and_the_run_does_its_own_work() throws Exception {
        long seed = Figures.seed(804);
        Path root = work.resolve("export");
        try (GenesysSandbox sandbox = GenesysSandbox.start(clean(seed), "127.0.0.1", 0);
             AlertReceiver receiver = new AlertReceiver()) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(root));
            settings.put("holdfast.alert.webhook-url", receiver.url());
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = new Window(Instant.now().minus(sandbox.scenario().span()).minus(Duration.ofMinutes(5)),
                        Instant.now().plusSeconds(1));
                // a dead run's bag whose seal an earlier version began (before seals were recorded): its custody log
                // at the destination holds other bytes than any seal planned now
                RunContext dead = exporter.app().bean("runs", Runs.class).start(window, false);
                exporter.app().bean("bagSealer", BagSealer.class).open(dead);
                exporter.ledger().abandonBag(dead.bag());
                Files.createDirectories(root.resolve(dead.bag()));
                Files.writeString(root.resolve(dead.bag()).resolve(BagWriter.CUSTODY), "{\"event\":\"summary\"}\n");

                RunSummary first = exporter.export(window);
                assertEquals(ExitCode.COMPLETE, first.exitCode(), first.render());
                assertTrue(first.deliveredThisRun() > 0, first.render());
                assertTrue(Files.exists(root.resolve("holdfast-" + first.runId()).resolve(BagWriter.TAGMANIFEST)),
                        "the run's own bag is sealed");
                assertTrue(exporter.ledger().bagOpen(dead.bag()), "the dead run's bag is still open");
                List<Ledger.SealProblem> problems = exporter.ledger().sealProblems();
                assertEquals(List.of(dead.bag()), problems.stream().map(Ledger.SealProblem::bag).toList());
                assertTrue(problems.get(0).reason().startsWith("DestinationConflictException"), problems.get(0).reason());

                RunSummary second = exporter.export(window);
                assertEquals(ExitCode.COMPLETE, second.exitCode(), second.render());
                List<JsonNode> alerts = receiver.of("bag-not-sealed");
                assertEquals(1, alerts.size(), "one alert for the bag, not one per run: " + alerts);
                assertEquals(dead.bag(), alerts.get(0).path("bag").asText());
                assertTrue(alerts.get(0).path("reason").asText().contains(BagWriter.CUSTODY), alerts.get(0).toString());
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    /** Every held recording deliverable at once: the runs' outcomes depend on the seal alone. */
    private static Scenario clean(long seed) {
        return Scenario.builder(seed).conversations(8).heldShare(1.0).transferShare(0).longCallShare(0)
                .transcodingShare(0).nullUrlShare(0).staleUrlShare(0).archivedShare(0).deletedShare(0).errorShare(0)
                .build();
    }

    /**
     * @param folder the destination as a local folder (folder and SFTP), where bags have real {@code data/}
     *               folders and the Library of Congress reader can check them; {@code null} for S3
     */
    private String killDuringSeal(long seed, Map<String, String> destination, DestinationView view,
                                  DestinationReader reader, Path folder) throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(clean(seed), "127.0.0.1", 0)) {
            // the shipped settings: the halted run was a process of this host, so the next run takes its bag and its
            // seal lock over at once
            Map<String, String> settings = ChildRuns.settings(sandbox, work);
            settings.putAll(destination);
            List<String> jvm = List.of("-Xmx160m", "-Daws.accessKeyId=" + S3MockServer.ACCESS_KEY,
                    "-Daws.secretAccessKey=" + S3MockServer.SECRET_KEY);
            String[] window = ChildRuns.window(sandbox);

            List<String> halted = new ArrayList<>(jvm);
            halted.add(HALTED);
            ChildExporter killed = ChildExporter.start(work, halted, settings, window);
            assertEquals(137, killed.awaitExit(Duration.ofMinutes(3)), "halted mid-seal:\n" + killed.logTail());
            Map<String, String> before = view.sha256ByKey();
            List<String> custody = keysEndingWith(before, "/" + BagWriter.CUSTODY);
            assertEquals(1, custody.size(), "the killed run wrote its custody log: " + before.keySet());
            String bag = custody.get(0).substring(0, custody.get(0).indexOf('/'));
            assertFalse(before.containsKey(bag + "/" + BagWriter.RECONCILIATION), "killed before reconciliation.csv");
            assertFalse(before.containsKey(bag + "/" + BagWriter.TAGMANIFEST), "the bag was left incomplete");

            long killedAt = System.nanoTime();
            int runs = 0;
            boolean sealed = false;
            ChildRuns children = new ChildRuns();
            while (!sealed && runs < 10) {
                // each run must end 0 or 3: a run failing on the dead bag (exit 1) fails here
                children.untilSettled(work, jvm, settings, List.of(), window, 1);
                runs++;
                Ledger ledger = Invariants.ledgerAt(Invariants.h2Url(work));
                sealed = children.lastExit == 0 && !ledger.bagOpen(bag);
            }
            double converge = (System.nanoTime() - killedAt) / 1e9;
            assertTrue(sealed, "the interrupted bag " + bag + " sealed within " + runs + " runs:\n" + children.logs());

            Ledger ledger = Invariants.ledgerAt(Invariants.h2Url(work));
            assertEquals(List.of(), ledger.sealProblems(), "no bag left with a seal problem");
            Map<String, String> after = view.sha256ByKey();
            for (String key : before.keySet()) {
                assertEquals(before.get(key), after.get(key), "bytes of " + key + " written before the kill");
            }
            assertTrue(after.containsKey(bag + "/" + BagWriter.TAGMANIFEST), "the interrupted bag is complete");
            Invariants.Result delivered = Invariants.assertAllDelivered(sandbox, ledger, view);
            // every bag complete, manifests and Payload-Oxum right, the custody chain one line with no fork
            assertEquals(List.of(), new BagVerifier(reader).verify(deliveries(ledger)).stream().map(Object::toString).toList());
            Set<String> bags = new TreeSet<>();
            keysEndingWith(after, "/" + BagWriter.TAGMANIFEST).forEach(k -> bags.add(k.substring(0, k.indexOf('/'))));
            if (folder != null) {
                for (String each : bags) {
                    assertTrue(Files.isDirectory(folder.resolve(each).resolve("data")), each + "/data/");
                    LocBagit.validate(folder.resolve(each));
                }
            }
            return "runsToConverge=" + runs + " converge=" + String.format("%.1fs", converge) + " bags=" + bags.size()
                    + " " + delivered;
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    private static List<String> keysEndingWith(Map<String, String> objects, String suffix) {
        return objects.keySet().stream().filter(k -> k.endsWith(suffix)).sorted().toList();
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
}
