package dev.holdfast.deliver;

import dev.holdfast.integrity.Sha256;

import dev.holdfast.testsupport.S3MockServer;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3DeliveryTest {

    private static final String BUCKET = "holdfast-export";
    private static final String LOCKED_BUCKET = "holdfast-locked";
    private static final String PREFIX = "legal/exports";
    private static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/0b6a1d4e-7f1c-4c2a-9d3e-1f2a3b4c5d6e";
    private static S3MockServer s3;

    @TempDir
    Path work;
    private DeliverRoutes routes;
    private final String run = "holdfast-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startServer() {
        s3 = S3MockServer.start(KMS_KEY);
        s3.createBucket(BUCKET, false);
        s3.client().putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        s3.createBucket(LOCKED_BUCKET, true);
        // the exporter takes its credentials from the AWS default chain
        System.setProperty("aws.accessKeyId", S3MockServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3MockServer.SECRET_KEY);
    }

    @AfterAll
    static void stopServer() {
        s3.close();
    }

    @AfterEach
    void stopRoutes() {
        if (routes != null) {
            routes.close();
        }
    }

    private DeliverRoutes start(String bucket, String legalHold) {
        return start(bucket, legalHold, Map.of());
    }

    private DeliverRoutes start(String bucket, String legalHold, Map<String, String> more) {
        routes = DeliverRoutes.start(settings(bucket, legalHold, more));
        return routes;
    }

    private static Map<String, String> settings(String bucket, String legalHold, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("holdfast.destination", "s3");
        settings.put("holdfast.s3.bucket", bucket);
        settings.put("holdfast.s3.prefix", PREFIX);
        settings.put("holdfast.s3.endpoint", s3.endpoint());
        settings.put("holdfast.s3.region", S3MockServer.REGION);
        settings.put("holdfast.s3.legal-hold", legalHold);
        settings.put("holdfast.s3.part-size", String.valueOf(5 * 1024 * 1024));
        return settings;
    }

    private String key(String name) {
        return run + "/data/2026-11-25/0b6a1d4e-7f1c-4c2a-9d3e-1f2a3b4c5d6e/" + name;
    }

    private static String objectKey(String key) {
        return PREFIX + "/" + key;
    }

    @Test
    void a_recording_and_its_sidecar_land_with_the_sha256_s3_checked_and_stored() throws IOException {
        start(BUCKET, "OFF");
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 1_500_000, 21);
        String sidecar = "{\"sha256\":\"" + spool.sha256() + "\",\"note\":\"caf\u00e9\"}";

        Exchange media = routes.deliver(spool, key("rec.wav"));
        Exchange text = routes.deliverText(sidecar, key("rec.json"));

        assertNull(media.getException());
        assertNull(text.getException());
        assertEquals(spool.sha256(), Sha256.of(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(objectKey(key("rec.wav")))).asByteArray()));
        assertEquals(sidecar, s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(objectKey(key("rec.json")))).asUtf8String());
        HeadObjectResponse head = s3.client().headObject(b -> b.bucket(BUCKET).key(objectKey(key("rec.wav"))).checksumMode(ChecksumMode.ENABLED));
        assertEquals(spool.sha256(), HexFormat.of().formatHex(Base64.getDecoder().decode(head.checksumSHA256())), "S3 keeps our SHA-256");
        assertEquals(spool.sha256(), head.metadata().get("holdfast-sha256"));
        assertEquals("audio/wav", head.contentType());
        assertEquals("s3://" + BUCKET + "/" + PREFIX + "/" + key("rec.wav"), media.getMessage().getHeader("HoldfastLocation"));
        assertEquals(List.of(objectKey(key("rec.json")), objectKey(key("rec.wav"))), s3.keys(BUCKET).stream().filter(k -> k.contains(run)).toList());
    }

    @Test
    void delivering_the_same_bytes_again_is_success_with_still_one_version() throws IOException {
        start(BUCKET, "OFF");
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 300_000, 22);
        assertNull(routes.deliver(spool, key("rec.wav")).getException());

        Exchange again = routes.deliver(spool, key("rec.wav"));

        assertNull(again.getException());
        assertEquals(Boolean.TRUE, again.getMessage().getHeader("HoldfastAlreadyPresent"));
        assertEquals(1, versions(BUCKET, objectKey(key("rec.wav"))).size());
    }

    @Test
    void other_bytes_under_an_existing_key_are_a_conflict_and_the_original_stays() throws IOException {
        start(BUCKET, "OFF");
        DeliverRoutes.SpoolFile original = DeliverRoutes.SpoolFile.write(work, "a.wav", 300_000, 23);
        DeliverRoutes.SpoolFile other = DeliverRoutes.SpoolFile.write(work, "b.wav", 300_000, 24);
        assertNull(routes.deliver(original, key("rec.wav")).getException());

        Exchange clash = routes.deliver(other, key("rec.wav"));

        DestinationConflictException conflict = assertInstanceOf(DestinationConflictException.class, clash.getException());
        assertTrue(conflict.getMessage().contains(original.sha256()) && conflict.getMessage().contains(other.sha256()));
        assertEquals(original.sha256(), Sha256.of(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(objectKey(key("rec.wav")))).asByteArray()));
        assertEquals(1, versions(BUCKET, objectKey(key("rec.wav"))).size());
    }

    @Test
    void a_12_mb_recording_goes_up_in_parts_and_is_confirmed_with_no_upload_left_open() throws IOException {
        start(BUCKET, "OFF");
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "big.wav", 12 * 1024 * 1024, 25);

        Exchange media = routes.deliver(spool, key("big.wav"));

        assertNull(media.getException());
        HeadObjectResponse head = s3.client().headObject(b -> b.bucket(BUCKET).key(objectKey(key("big.wav"))).checksumMode(ChecksumMode.ENABLED));
        assertTrue(head.eTag().contains("-3"), "three parts: " + head.eTag());
        assertNotNull(head.checksumSHA256(), "per-part SHA-256 checksums were sent");
        try (InputStream in = s3.client().getObject(b -> b.bucket(BUCKET).key(objectKey(key("big.wav"))))) {
            assertEquals(spool.sha256(), Sha256.measure(in).sha256());
        }
        assertEquals(0, s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size());
    }

    @Test
    void a_put_refused_because_the_key_appeared_meanwhile_is_checked_like_an_existing_one() throws IOException {
        // single-part only: S3Mock 4.12.4 deletes the existing object when a refused multipart upload on its key
        // is aborted (real S3 does not), so the multipart variant cannot be run against it
        DeliverRoutes.SpoolFile original = DeliverRoutes.SpoolFile.write(work, "a.wav", 100_000, 33);
        DeliverRoutes.SpoolFile other = DeliverRoutes.SpoolFile.write(work, "b.wav", 100_000, 34);
        start(BUCKET, "OFF");
        assertNull(routes.deliver(original, key("a.wav")).getException());
        assertNull(routes.deliver(original, key("b.wav")).getException());
        routes.close();
        // another worker's upload finished between our existence check and our write: the check saw nothing
        routes = DeliverRoutes.start(settings(BUCKET, "OFF", Map.of()), StaleFirstStat::new);

        Exchange same = routes.deliver(original, key("a.wav"));
        Exchange clash = routes.deliver(other, key("b.wav"));

        assertNull(same.getException());
        assertEquals(Boolean.TRUE, same.getMessage().getHeader("HoldfastAlreadyPresent"));
        assertInstanceOf(DestinationConflictException.class, clash.getException());
        for (String name : List.of("a.wav", "b.wav")) {
            assertEquals(1, versions(BUCKET, objectKey(key(name))).size(), name);
            assertEquals(original.sha256(), Sha256.of(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET)
                    .key(objectKey(key(name)))).asByteArray()), name);
        }
    }

    /** A reader whose first look at each key finds nothing, as a check made just before another writer finished. */
    private static final class StaleFirstStat implements DestinationReader {
        private final DestinationReader store;
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        StaleFirstStat(DestinationReader store) {
            this.store = store;
        }

        @Override
        public java.util.Optional<StoredObject> stat(String key) throws IOException {
            return seen.add(key) ? java.util.Optional.empty() : store.stat(key);
        }

        @Override
        public InputStream open(String key) throws IOException {
            return store.open(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return store.list(prefix);
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }

    @Test
    void with_a_kms_key_set_objects_are_encrypted_with_it() throws IOException {
        // S3Mock accepts the key id (not the ARN) of the keys it was started with; real S3 takes either
        String keyId = KMS_KEY.substring(KMS_KEY.lastIndexOf('/') + 1);
        start(BUCKET, "OFF", Map.of("holdfast.s3.kms-key-id", keyId));
        DeliverRoutes.SpoolFile small = DeliverRoutes.SpoolFile.write(work, "small.wav", 100_000, 31);
        DeliverRoutes.SpoolFile big = DeliverRoutes.SpoolFile.write(work, "big.wav", 6 * 1024 * 1024, 32);

        assertNull(routes.deliver(small, key("small.wav")).getException());
        // S3Mock reports no encryption on HEAD of a multipart object, so only its delivery is asserted here
        assertNull(routes.deliver(big, key("big.wav")).getException());

        HeadObjectResponse head = s3.client().headObject(b -> b.bucket(BUCKET).key(objectKey(key("small.wav"))));
        assertEquals(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
        assertTrue(head.ssekmsKeyId().endsWith(keyId), head.ssekmsKeyId());
    }

    @Test
    void a_put_whose_sha256_does_not_match_its_bytes_is_rejected_by_s3_and_nothing_is_stored() throws IOException {
        start(BUCKET, "OFF");
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "spool.wav", 200_000, 26);
        String wrong = Sha256.of("something else".getBytes(StandardCharsets.UTF_8));

        Exchange rejected = routes.deliver(spool.path().toFile(), key("rec.wav"), wrong, spool.size(), "audio/wav");

        software.amazon.awssdk.services.s3.model.S3Exception refusal =
                assertInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class, rejected.getException());
        assertEquals(400, refusal.statusCode(), refusal.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET).stream().filter(k -> k.contains(run)).toList());
    }

    @Test
    void an_upload_an_earlier_run_left_open_in_its_own_bag_is_aborted_when_the_recording_goes_into_the_next_bag() throws IOException {
        start(BUCKET, "OFF");
        // what a run that failed while S3 was down leaves: the recording's upload under its bag, never completed
        String earlierBag = "holdfast-" + UUID.randomUUID().toString().substring(0, 8);
        String sameFile = objectKey(earlierBag + key("big.wav").substring(run.length()));
        String otherRecording = objectKey(earlierBag + key("other.wav").substring(run.length()));
        String earlierTagFile = objectKey(earlierBag + "/custody.jsonl");
        for (String open : List.of(sameFile, otherRecording, earlierTagFile)) {
            s3.client().createMultipartUpload(b -> b.bucket(BUCKET).key(open));
        }
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "big.wav", 6 * 1024 * 1024, 27);

        Exchange media = routes.deliver(spool, key("big.wav"));

        assertNull(media.getException());
        List<String> stillOpen = s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
                .map(u -> u.key()).sorted().toList();
        // another recording's upload is its own lease holder's to abort, and a tag file's another seal's
        assertEquals(List.of(earlierTagFile, otherRecording).stream().sorted().toList(), stillOpen);
        for (String open : stillOpen) {
            s3.client().listMultipartUploads(b -> b.bucket(BUCKET).prefix(open)).uploads()
                    .forEach(u -> s3.client().abortMultipartUpload(a -> a.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())));
        }
    }

    @Test
    void a_multipart_source_that_does_not_match_its_sha256_is_refused_before_upload() throws IOException {
        start(BUCKET, "OFF");
        DeliverRoutes.SpoolFile spool = DeliverRoutes.SpoolFile.write(work, "big.wav", 6 * 1024 * 1024, 27);

        Exchange refused = routes.deliver(spool.path().toFile(), key("big.wav"), "0".repeat(64), spool.size(), "audio/wav");

        assertInstanceOf(DeliveryNotConfirmedException.class, refused.getException());
        assertEquals(List.of(), s3.keys(BUCKET).stream().filter(k -> k.contains(run)).toList());
        assertEquals(0, s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size());
    }

    @Test
    void with_legal_hold_on_every_object_carries_the_hold() throws IOException {
        start(LOCKED_BUCKET, "ON");
        DeliverRoutes.SpoolFile small = DeliverRoutes.SpoolFile.write(work, "small.wav", 100_000, 28);
        DeliverRoutes.SpoolFile big = DeliverRoutes.SpoolFile.write(work, "big.wav", 11 * 1024 * 1024, 29);

        assertNull(routes.deliver(small, key("small.wav")).getException());
        assertNull(routes.deliver(big, key("big.wav")).getException());
        assertNull(routes.deliverText("{}", key("small.json")).getException());

        for (String name : List.of("small.wav", "big.wav", "small.json")) {
            assertEquals(ObjectLockLegalHoldStatus.ON, s3.client().getObjectLegalHold(b -> b.bucket(LOCKED_BUCKET)
                    .key(objectKey(key(name)))).legalHold().status(), name);
        }
    }

    @Test
    void unsafe_keys_are_refused_before_anything_is_written() {
        start(BUCKET, "OFF");
        for (String key : List.of("../x.json", run + "/\u0000.json", run + "/\u202enosj.json", "/x.json", run + "/${header.x}.json")) {
            assertInstanceOf(UnsafeKeyException.class, routes.deliverText("{}", key).getException(), key);
        }
        assertEquals(List.of(), s3.keys(BUCKET).stream().filter(k -> k.contains(run) || k.endsWith("/x.json") && !k.contains("/data/")).toList());
    }

    @Test
    void a_missing_bucket_fails_naming_the_bucket_and_its_setting() {
        start("no-such-bucket", "OFF");

        Exchange refused = routes.deliverText("{}", key("rec.json"));

        DestinationUnavailableException failure = assertInstanceOf(DestinationUnavailableException.class, refused.getException());
        assertTrue(failure.getMessage().contains("no-such-bucket") && failure.getMessage().contains("holdfast.s3.bucket"),
                failure.getMessage());
    }

    @Test
    void the_reader_lists_and_streams_what_was_delivered() throws IOException {
        start(BUCKET, "OFF");
        routes.deliverText("a", run + "/bagit.txt");
        routes.deliverText("b", run + "/data/2026-01-01/x.json");

        DestinationReader reader = routes.context().getRegistry().lookupByNameAndType("destinationReader", DestinationReader.class);
        assertEquals(List.of(run + "/bagit.txt", run + "/data/2026-01-01/x.json"), reader.list(run + "/"));
        try (InputStream in = reader.open(run + "/data/2026-01-01/x.json")) {
            assertEquals("b", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(Sha256.of("a".getBytes(StandardCharsets.UTF_8)), reader.stat(run + "/bagit.txt").orElseThrow().storedSha256());
        assertTrue(reader.stat(run + "/nothing.txt").isEmpty());
    }

    private static List<ObjectVersion> versions(String bucket, String objectKey) {
        return s3.client().listObjectVersions(b -> b.bucket(bucket).prefix(objectKey)).versions();
    }
}
