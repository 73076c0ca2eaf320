package dev.holdfast.pipeline;

import dev.holdfast.cli.Holdfast;
import dev.holdfast.custody.ObjectLockCheck;
import dev.holdfast.custody.Problem;
import dev.holdfast.deliver.S3DestinationReader;
import dev.holdfast.deliver.S3Retention;
import dev.holdfast.integrity.Sha256;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.MotoS3Server;
import dev.holdfast.testsupport.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WORM retention on an S3 server that enforces Object Lock (moto; S3Mock stores retention but enforces nothing):
 * every object Holdfast writes, tag files included, is locked for the configured period, S3 refuses to delete a
 * locked version, and verify reports each object's lock and names one that should be locked and is not. Single-part
 * uploads only: moto drops the lock headers of CreateMultipartUpload (real S3 applies them), so the multipart
 * request is checked in S3UploadInterceptorTest.
 */
class WormRetentionOnS3Test {

    private static final String PREFIX = "genesys/holds";
    private static MotoS3Server s3;

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() {
        s3 = MotoS3Server.start();
        System.setProperty("aws.accessKeyId", S3MockServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3MockServer.SECRET_KEY);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private Map<String, String> export(String bucket, long seed) throws Exception {
        s3.createLockedBucket(bucket);
        Map<String, String> destination = s3.settings(bucket, PREFIX);
        destination.put("holdfast.s3.retention", "COMPLIANCE:P7Y");
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).conversations(6).build(), "127.0.0.1", 0)) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(destination);
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
            }
            destination.put("holdfast.db.url", settings.get("holdfast.db.url"));
        }
        return destination;
    }

    private record Verified(int code, String said) {
    }

    private static Verified verify(Map<String, String> destination) {
        List<String> args = new ArrayList<>(List.of("verify"));
        destination.forEach((key, value) -> args.add("--" + key + "=" + value));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Holdfast.execute(args.toArray(String[]::new), print, print).code();
        return new Verified(code, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void every_object_is_locked_in_compliance_for_seven_years_and_s3_refuses_to_delete_it() throws Exception {
        String bucket = "worm-compliance";
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> destination = export(bucket, 71);
        Instant after = Instant.now();

        List<ObjectVersion> versions = s3.client().listObjectVersionsPaginator(b -> b.bucket(bucket)).versions().stream().toList();
        assertTrue(versions.stream().anyMatch(v -> v.key().endsWith("/bagit.txt")), "tag files are there: " + versions);
        assertTrue(versions.stream().anyMatch(v -> v.key().contains("/data/") && v.key().endsWith(".json")), "sidecars are there");
        for (ObjectVersion version : versions) {
            HeadObjectResponse head = s3.client().headObject(b -> b.bucket(bucket).key(version.key()).versionId(version.versionId()));
            assertEquals(ObjectLockMode.COMPLIANCE, head.objectLockMode(), version.key());
            Instant until = head.objectLockRetainUntilDate();
            assertFalse(until.isBefore(sevenYearsAfter(before)) || until.isAfter(sevenYearsAfter(after)),
                    version.key() + " retained until " + until + ", written between " + before + " and " + after);
        }

        Verified verified = verify(destination);
        assertEquals(0, verified.code(), verified.said());
        String prefix = PREFIX + "/";
        for (ObjectVersion version : versions) {
            assertTrue(verified.said().contains("verify: lock " + version.key().substring(prefix.length()) + ": COMPLIANCE until "),
                    version.key() + ":\n" + verified.said());
        }

        ObjectVersion recording = versions.stream().filter(v -> v.key().contains("/data/") && !v.key().endsWith(".json")
                && !v.key().endsWith(".txt")).findFirst().orElseThrow();
        String sha256 = Sha256.of(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(recording.key())).asByteArray());
        S3Exception refused = assertThrows(S3Exception.class, () -> s3.client().deleteObject(b -> b.bucket(bucket)
                .key(recording.key()).versionId(recording.versionId())));
        assertEquals(403, refused.statusCode());
        // an overwrite only stacks a new version on a locked one: the locked bytes stay, under their version id
        s3.client().putObject(b -> b.bucket(bucket).key(recording.key()), RequestBody.fromString("tampered"));
        assertEquals(sha256, Sha256.of(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(recording.key())
                .versionId(recording.versionId())).asByteArray()));
        // the README's figure
        System.out.println("FIGURE WORM retention | " + versions.size() + " objects locked COMPLIANCE:P7Y | delete of a"
                + " locked version refused " + refused.statusCode() + " | locked bytes unchanged after an overwrite");
    }

    @Test
    void an_object_that_should_be_locked_and_is_not_fails_verify_naming_it() throws Exception {
        String bucket = "worm-unlocked";
        Map<String, String> destination = export(bucket, 72);
        String tagKey = s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(o -> o.key()).filter(k -> k.endsWith("/bag-info.txt")).findFirst().orElseThrow();
        // the same bytes put again without a lock: a new current version that nothing holds
        byte[] bytes = s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(tagKey)).asByteArray();
        s3.client().putObject(b -> b.bucket(bucket).key(tagKey), RequestBody.fromBytes(bytes));

        Verified verified = verify(destination);

        assertEquals(4, verified.code(), verified.said());
        String key = tagKey.substring((PREFIX + "/").length());
        assertTrue(verified.said().contains(key + ": should be locked COMPLIANCE:P7Y but has no retention"), verified.said());
        assertEquals(1, verified.said().lines().filter(l -> l.contains("should be locked")).count(), verified.said());
    }

    @Test
    void a_weaker_mode_or_a_shorter_retention_is_flagged_and_a_stronger_one_passes() throws Exception {
        String bucket = "worm-kinds";
        s3.createLockedBucket(bucket);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Instant> compliance = Map.of("full.txt", sevenYearsAfter(now),
                "short.txt", now.atOffset(ZoneOffset.UTC).plusYears(1).toInstant());
        compliance.forEach((name, until) -> s3.client().putObject(b -> b.bucket(bucket).key(PREFIX + "/" + name)
                .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until), RequestBody.fromString(name)));
        s3.client().putObject(b -> b.bucket(bucket).key(PREFIX + "/governance.txt").objectLockMode(ObjectLockMode.GOVERNANCE)
                .objectLockRetainUntilDate(sevenYearsAfter(now)), RequestBody.fromString("g"));
        S3DestinationReader reader = new S3DestinationReader(s3.client(), bucket, PREFIX, s3.endpoint());

        ObjectLockCheck.Report asCompliance = new ObjectLockCheck(reader, S3Retention.parse("COMPLIANCE:P7Y"), Clock.systemUTC()).check();
        ObjectLockCheck.Report asGovernance = new ObjectLockCheck(reader, S3Retention.parse("GOVERNANCE:P7Y"), Clock.systemUTC()).check();

        assertEquals(List.of("governance.txt", "short.txt"), asCompliance.problems().stream().map(Problem::path).toList(),
                asCompliance.problems().toString());
        assertTrue(asCompliance.problems().get(0).what().contains("is locked in GOVERNANCE mode"), asCompliance.problems().toString());
        assertTrue(asCompliance.problems().get(1).what().contains("is retained only until"), asCompliance.problems().toString());
        // COMPLIANCE is at least as strong as the GOVERNANCE asked for
        assertEquals(List.of("short.txt"), asGovernance.problems().stream().map(Problem::path).toList(),
                asGovernance.problems().toString());
        assertEquals(3, asCompliance.locks().size(), asCompliance.locks().toString());
    }

    private static Instant sevenYearsAfter(Instant written) {
        return written.atOffset(ZoneOffset.UTC).plus(Period.ofYears(7)).toInstant();
    }
}
