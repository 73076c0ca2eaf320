package dev.holdfast.reliability;

import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.ChildExporter;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.S3MockServer;
import dev.holdfast.testsupport.SftpTestServer;
import dev.holdfast.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario (h): {@code kill -9} of the exporter JVM at seeded points (while a recording streams to the spool,
 * while an S3 multipart upload is open, while an SFTP file is written, and after the media is delivered but
 * before the ledger commit), then restart on the same ledger and destination, again and again; finally runs
 * until settled, at the shipped settings (the default lease too). Lost 0, duplicate objects 0, stuck in flight 0,
 * every bag of a killed run sealed, no spool or temporary file left.
 */
class KillAndRestartTest {

    enum Phase { DOWNLOAD, S3_MULTIPART, SFTP_WRITE, DELIVERED_NOT_COMMITTED }

    private static final String BUCKET = "kill-restart";
    private static final int PART_SIZE = 5 * 1024 * 1024;
    private static S3MockServer s3;

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() {
        s3 = S3MockServer.start();
        s3.createBucket(BUCKET, false);
        s3.client().putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    /** A kill the observers fire when the armed phase happens for the n-th time. */
    private static final class Trigger {
        final Phase phase;
        final AtomicInteger remaining;
        final ChildExporter child;
        final AtomicBoolean fired = new AtomicBoolean();

        Trigger(Phase phase, int occurrence, ChildExporter child) {
            this.phase = phase;
            this.remaining = new AtomicInteger(occurrence);
            this.child = child;
        }

        void seen(Phase happened) {
            if (happened == phase && remaining.decrementAndGet() == 0 && fired.compareAndSet(false, true)) {
                child.kill9();
            }
        }
    }

    @Test
    void kill_9_during_s3_delivery_and_restart_loses_nothing_and_writes_each_object_once() throws Exception {
        int kills = Figures.n(4, 10);
        long seed = Figures.seed(601);
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", Integer.parseInt(s3.endpoint().replaceAll(".*:", "")))) {
            AtomicReference<Trigger> armed = new AtomicReference<>();
            proxy.observeClient(text -> {
                Trigger t = armed.get();
                if (t == null || !text.startsWith("PUT ")) {
                    return;
                }
                if (text.contains("partNumber=")) {
                    t.seen(Phase.S3_MULTIPART);
                } else if (text.contains("/data/") && text.contains(".json ")) {
                    t.seen(Phase.DELIVERED_NOT_COMMITTED);
                }
            });
            Map<String, String> destination = new LinkedHashMap<>();
            destination.put("holdfast.destination", "s3");
            destination.put("holdfast.s3.bucket", BUCKET);
            destination.put("holdfast.s3.prefix", "kills");
            destination.put("holdfast.s3.endpoint", "http://127.0.0.1:" + proxy.port());
            destination.put("holdfast.s3.region", S3MockServer.REGION);
            destination.put("holdfast.s3.part-size", Integer.toString(PART_SIZE));
            String result = killLoop(seed, kills, List.of(Phase.DOWNLOAD, Phase.S3_MULTIPART, Phase.DELIVERED_NOT_COMMITTED),
                    destination, armed, DestinationView.s3(s3.client(), BUCKET, "kills"));
            Map<String, Long> versions = s3.client().listObjectVersionsPaginator(b -> b.bucket(BUCKET)).versions().stream()
                    .collect(Collectors.groupingBy(ObjectVersion::key, Collectors.counting()));
            long twice = versions.values().stream().filter(n -> n > 1).count();
            int openUploads = s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size();
            Figures.report("h kill -9 (S3)", kills, seed, result + " keysWithSeveralVersions=" + twice
                    + " multipartUploadsLeftOpen=" + openUploads);
            assertEquals(0, twice, "S3 keys written twice: " + versions);
        }
    }

    @Test
    void kill_9_during_sftp_delivery_and_restart_loses_nothing_and_writes_each_file_once() throws Exception {
        int kills = Figures.n(4, 10);
        long seed = Figures.seed(602);
        try (SftpTestServer sftp = SftpTestServer.start()) {
            AtomicReference<Trigger> armed = new AtomicReference<>();
            sftp.observeWrites((file, offset, length) -> {
                Trigger t = armed.get();
                String name = file.getFileName().toString();
                if (t == null || !name.endsWith(".part")) {
                    return;
                }
                t.seen(name.endsWith(".json.part") ? Phase.DELIVERED_NOT_COMMITTED : Phase.SFTP_WRITE);
            });
            Map<String, String> destination = new LinkedHashMap<>();
            destination.put("holdfast.destination", "sftp");
            destination.put("holdfast.sftp.host", "127.0.0.1");
            destination.put("holdfast.sftp.port", Integer.toString(sftp.port()));
            destination.put("holdfast.sftp.username", SftpTestServer.USERNAME);
            destination.put("holdfast.sftp.password", SftpTestServer.PASSWORD);
            destination.put("holdfast.sftp.known-hosts-file", sftp.knownHostsFile().toString());
            destination.put("holdfast.sftp.dir", "legal");
            String result = killLoop(seed, kills, List.of(Phase.DOWNLOAD, Phase.SFTP_WRITE, Phase.DELIVERED_NOT_COMMITTED),
                    destination, armed, DestinationView.folder(sftp.root().resolve("legal")));
            Figures.report("h kill -9 (SFTP)", kills, seed, result);
        }
    }

    private String killLoop(long seed, int kills, List<Phase> phases, Map<String, String> destination,
                            AtomicReference<Trigger> armed, DestinationView view) throws Exception {
        Random random = new Random(seed);
        Scenario scenario = Scenario.builder(seed).conversations(Math.max(80, kills * 12)).bigRecording(3L * PART_SIZE + 12345)
                .build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Instant from = Instant.now().minus(scenario.span()).minus(Duration.ofMinutes(5));
            Instant to = Instant.now().plusSeconds(1);
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("genesys.api-url", sandbox.baseUrl().toString());
            settings.put("genesys.login-url", sandbox.baseUrl().toString());
            settings.put("genesys.client-id", scenario.clientId());
            settings.put("genesys.client-secret", scenario.clientSecret());
            settings.put("holdfast.media.allowed-hosts", sandbox.mediaHost());
            settings.put("holdfast.db.url", Invariants.h2Url(work));
            settings.put("holdfast.spool-dir", work.resolve("spool").toString());
            // no holdfast.lease: at the shipped lease (PT60S) a killed child's work is taken over by the next run
            // because its pid@host process is gone, not because its lease ran out
            settings.put("holdfast.concurrency", "4");
            settings.putAll(destination);
            List<String> jvm = List.of("-Xmx160m", "-Daws.accessKeyId=" + S3MockServer.ACCESS_KEY,
                    "-Daws.secretAccessKey=" + S3MockServer.SECRET_KEY);
            String[] window = {"--from", from.toString(), "--to", to.toString()};
            Map<Phase, Integer> hits = new EnumMap<>(Phase.class);
            Map<Phase, Integer> misses = new EnumMap<>(Phase.class);
            List<String> plan = new ArrayList<>();
            Path spool = work.resolve("spool");
            long started = System.nanoTime();
            int done = 0;
            for (int attempt = 0; done < kills && attempt < kills * 3; attempt++) {
                Phase phase = phases.get(random.nextInt(phases.size()));
                int occurrence = 1 + random.nextInt(3);
                ChildExporter child = ChildExporter.start(work, jvm, settings, window);
                Trigger trigger = new Trigger(phase, occurrence, child);
                armed.set(trigger);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(2)).until(() -> {
                    if (phase == Phase.DOWNLOAD && spooling(spool) && trigger.remaining.decrementAndGet() <= 0
                            && trigger.fired.compareAndSet(false, true)) {
                        child.kill9();
                    }
                    return trigger.fired.get() || !child.isAlive();
                });
                armed.set(null);
                if (trigger.fired.get()) {
                    done++;
                    hits.merge(phase, 1, Integer::sum);
                    plan.add(phase + "#" + occurrence);
                } else {
                    int exit = child.awaitExit(Duration.ofSeconds(30));
                    misses.merge(phase, 1, Integer::sum);
                    plan.add(phase + "#" + occurrence + ":missed(exit " + exit + ")");
                    if (exit == 0) {
                        break; // nothing left to interrupt
                    }
                }
            }
            System.out.println("kill plan (seed " + seed + "): " + plan);
            long killedAt = System.nanoTime();
            int runsToSettle = 0;
            int exit;
            do {
                ChildExporter child = ChildExporter.start(work, jvm, settings, window);
                exit = child.awaitExit(Duration.ofMinutes(3));
                runsToSettle++;
                assertTrue(exit == 0 || exit == 3, "export exited " + exit + ":\n" + child.logTail());
            } while (exit != 0 && runsToSettle < 30);
            assertEquals(0, exit, "settled after " + runsToSettle + " runs");
            double converge = (System.nanoTime() - killedAt) / 1e9;
            Ledger ledger = Invariants.ledgerAt(Invariants.h2Url(work));
            Invariants.Result result = Invariants.assertAllDelivered(sandbox, ledger, view);
            List<LedgerRow> rows = ledger.rowsIn(from, to);
            long stuck = rows.stream().filter(r -> r.state() == RecordingState.IN_PROGRESS).count();
            assertEquals(0, stuck, "I1: recordings stuck in flight");
            assertEquals(0, spoolFiles(spool), "spool files left after the final run");
            List<String> leftOpen = ledger.abandonedBags(Duration.ZERO).stream().map(Ledger.OpenBag::bag).toList();
            assertEquals(List.of(), leftOpen, "bags of killed runs never sealed");
            long lost = result.exportable() - result.delivered();
            return "kills=" + done + " hits=" + hits + " missed=" + misses + " lost=" + lost
                    + " duplicatePayloads=" + (result.payloadObjects() - result.delivered()) + " stuckInFlight=" + stuck
                    + " bagsLeftOpen=" + leftOpen.size() + " spoolLeft=0 lease=default(PT60S)"
                    + " runsToSettle=" + runsToSettle + " converge=" + String.format("%.1fs", converge)
                    + " total=" + String.format("%.0fs", (System.nanoTime() - started) / 1e9) + " " + result;
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
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

    private static long spoolFiles(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }
}
