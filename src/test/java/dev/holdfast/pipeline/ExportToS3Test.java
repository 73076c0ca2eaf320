package dev.holdfast.pipeline;

import dev.holdfast.discover.Window;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline into a real S3 API server (S3Mock, its own JVM), versioning on: one version per key; a long
 * call goes up as a multipart upload.
 */
class ExportToS3Test {

    private static final String BUCKET = "legal-exports";
    private static final String PREFIX = "genesys/holds";
    private static S3MockServer s3;

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() {
        s3 = S3MockServer.start();
        s3.createBucket(BUCKET, false);
        s3.client().putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        System.setProperty("aws.accessKeyId", S3MockServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3MockServer.SECRET_KEY);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Test
    void every_exportable_held_recording_lands_once_in_the_bucket_with_the_sandbox_sha256() throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(12).bigRecording(11L * 1024 * 1024 + 4321).build(), "127.0.0.1", 0)) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.s3(s3, BUCKET, PREFIX));
            // a long call goes up in parts, with SHA-256 checksums per part
            settings.put("holdfast.s3.part-size", Integer.toString(5 * 1024 * 1024));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                exporter.exportUntilSettled(window, Duration.ofMinutes(3));
                DestinationView destination = DestinationView.s3(s3.client(), BUCKET, PREFIX);
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, destination);

                RunSummary again = exporter.export(window);
                assertEquals(0, again.deliveredThisRun(), "a second export delivers nothing new");
                Map<String, Long> versions = s3.client().listObjectVersionsPaginator(b -> b.bucket(BUCKET)).versions().stream()
                        .collect(Collectors.groupingBy(ObjectVersion::key, Collectors.counting()));
                assertTrue(versions.values().stream().allMatch(n -> n == 1), "a key written twice: " + versions);
                assertTrue(s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty(), "no multipart upload left open");
            }
        }
    }
}
