package dev.holdfast.reliability;

import dev.holdfast.config.ExitCode;
import dev.holdfast.discover.Window;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.S3MockServer;
import dev.holdfast.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario (f): S3 unreachable (connections cut, then refused) for 30 s (CI: 10 s), starting in the middle of a
 * multipart upload. The run completes afterwards, each key has one version, and no multipart upload is left open.
 */
class S3OutageTest {

    private static final String BUCKET = "outage";
    private static final int PART_SIZE = 5 * 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void s3_down_mid_multipart_upload_then_back_the_run_completes_with_no_orphan_upload() throws Exception {
        long seed = Figures.seed(641);
        int outageSeconds = Figures.n(10, 30);
        System.setProperty("aws.accessKeyId", S3MockServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3MockServer.SECRET_KEY);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (S3MockServer s3 = S3MockServer.start();
             TcpProxy proxy = TcpProxy.to("127.0.0.1", Integer.parseInt(s3.endpoint().replaceAll(".*:", "")));
             GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).conversations(60)
                     .bigRecording(2L * PART_SIZE + 4321).build(), "127.0.0.1", 0)) {
            s3.createBucket(BUCKET, false);
            s3.client().putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
            AtomicBoolean down = new AtomicBoolean();
            AtomicLong restoredAt = new AtomicLong();
            AtomicLong firstPutAfter = new AtomicLong();
            AtomicLong putsRefusedWindow = new AtomicLong();
            proxy.observeClient(text -> {
                if (!text.startsWith("PUT ")) {
                    return;
                }
                if (text.contains("partNumber=2") && down.compareAndSet(false, true)) {
                    proxy.refuse(); // this very request dies with the connection
                    timer.schedule(() -> {
                        proxy.restore();
                        restoredAt.set(System.nanoTime());
                    }, outageSeconds, TimeUnit.SECONDS);
                } else if (restoredAt.get() != 0) {
                    firstPutAfter.compareAndSet(0, System.nanoTime());
                } else if (down.get()) {
                    putsRefusedWindow.incrementAndGet();
                }
            });
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.put("holdfast.destination", "s3");
            settings.put("holdfast.s3.bucket", BUCKET);
            settings.put("holdfast.s3.prefix", "outage");
            settings.put("holdfast.s3.endpoint", "http://127.0.0.1:" + proxy.port());
            settings.put("holdfast.s3.region", S3MockServer.REGION);
            settings.put("holdfast.s3.part-size", Integer.toString(PART_SIZE));
            long started = System.nanoTime();
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                // while S3 is down a run may fail as a whole (its bag cannot be sealed): nothing is lost, the next
                // run goes on from the ledger; so: run again until settled
                AtomicLong failedRuns = new AtomicLong();
                await().atMost(Duration.ofSeconds(outageSeconds + 75)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                    try {
                        return exporter.export(window).exitCode() == ExitCode.COMPLETE;
                    } catch (RuntimeException e) {
                        failedRuns.incrementAndGet();
                        return false;
                    }
                });
                assertTrue(down.get(), "the outage happened mid multipart upload");
                Invariants.Result result = Invariants.assertAllDelivered(sandbox, exporter.ledger(),
                        DestinationView.s3(s3.client(), BUCKET, "outage"));
                Map<String, Long> versions = s3.client().listObjectVersionsPaginator(b -> b.bucket(BUCKET)).versions().stream()
                        .collect(Collectors.groupingBy(ObjectVersion::key, Collectors.counting()));
                long twice = versions.values().stream().filter(n -> n > 1).count();
                int openUploads = s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size();
                double recovery = firstPutAfter.get() == 0 ? -1 : (firstPutAfter.get() - restoredAt.get()) / 1e9;
                Figures.report("f S3 down " + outageSeconds + " s", result.exportable(), seed,
                        "runs=" + (exporter.runs().size() + failedRuns.get()) + " runsFailedWhileDown=" + failedRuns.get() + " firstPutAfterRecovery=" + String.format("%.1fs", recovery)
                                + " keysWithSeveralVersions=" + twice + " multipartUploadsLeftOpen=" + openUploads
                                + " time=" + String.format("%.0fs", (System.nanoTime() - started) / 1e9) + " " + result);
                assertEquals(0, twice, "keys written twice: " + versions);
                assertEquals(0, openUploads, "I4: multipart uploads left open");
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        } finally {
            timer.shutdownNow();
        }
    }
}
