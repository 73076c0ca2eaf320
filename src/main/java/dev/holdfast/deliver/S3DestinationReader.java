package dev.holdfast.deliver;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Reads what the {@code s3} destination holds under {@code s3://bucket/prefix/}; it owns and closes its client. */
public final class S3DestinationReader implements DestinationReader {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String where;

    /** @param prefix the folder inside the bucket, with or without slashes around it; {@code ""} for the bucket root */
    public S3DestinationReader(S3Client s3, String bucket, String prefix, String endpoint) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = normalizePrefix(prefix);
        this.where = endpoint == null ? "" : " at " + endpoint;
    }

    /** The client the Camel endpoint uploads with (bean {@code s3Client}). */
    public S3Client client() {
        return s3;
    }

    public String bucket() {
        return bucket;
    }

    /** The object key in the bucket for a destination key: the prefix, then the key (checked by {@link KeyPolicy}). */
    public String objectKey(String key) {
        String objectKey = prefix + KeyPolicy.requireSafe(key);
        if (objectKey.getBytes(StandardCharsets.UTF_8).length > KeyPolicy.MAX_KEY_BYTES) {
            throw new UnsafeKeyException(objectKey, "with the prefix it is longer than " + KeyPolicy.MAX_KEY_BYTES + " UTF-8 bytes");
        }
        return objectKey;
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        String objectKey = objectKey(key);
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(objectKey).checksumMode(ChecksumMode.ENABLED));
        } catch (NoSuchKeyException e) {
            // HEAD carries no error body, so a missing bucket looks like a missing key: tell them apart
            requireBucket();
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("read " + objectKey, e);
        }
        return Optional.of(new StoredObject(key, head.contentLength(), wholeObjectSha256(head)));
    }

    /** The Object Lock state S3 reports for the key's current version; empty when there is no such object. */
    public Optional<ObjectLock> lock(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(objectKey));
            return Optional.of(new ObjectLock(key, head.objectLockModeAsString(), head.objectLockRetainUntilDate(),
                    head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON, head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("read the lock of " + objectKey, e);
        }
    }

    /**
     * What Object Lock holds an object with.
     *
     * @param mode        COMPLIANCE, GOVERNANCE, or {@code null} for no retention
     * @param retainUntil the end of the retention, {@code null} for none
     * @param written     when S3 says the object was written
     */
    public record ObjectLock(String key, String mode, Instant retainUntil, boolean legalHold, Instant written) {
    }

    @Override
    public InputStream open(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            throw unavailable("read " + objectKey, e);
        }
    }

    @Override
    public List<String> list(String listPrefix) throws IOException {
        ListPrefix.folderOf(listPrefix);
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + listPrefix)).contents().stream()
                    .map(S3Object::key)
                    .map(k -> k.substring(prefix.length()))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw unavailable("list " + prefix + listPrefix, e);
        }
    }

    /**
     * Aborts multipart uploads of this key that never completed (a run killed mid-upload, or an abort that failed
     * while S3 was unreachable), and those of the same file in another bag: a run that failed while S3 was down
     * left its upload under its own bag, and the next attempt writes into the next run's. The caller holds the
     * recording's lease, so no live upload of its files is touched.
     */
    public void abortUnfinishedUploads(String key) throws IOException {
        String objectKey = objectKey(key);
        String inBag = KeyBuilder.inBag(key);
        try {
            for (var upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix + KeyBuilder.BAG_PREFIX)).uploads()) {
                String uploadKey = upload.key().substring(prefix.length());
                if (upload.key().equals(objectKey) || samePayloadFile(uploadKey, inBag)) {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                }
            }
        } catch (RuntimeException e) {
            throw new DestinationUnavailableException("cannot list unfinished uploads of " + where + "/" + objectKey
                    + ": " + e.getMessage(), e);
        }
    }

    // a recording's file under data/ (never a tag file: another bag's seal may be writing its own right now)
    private static boolean samePayloadFile(String key, String inBag) {
        return inBag.startsWith("data/") && key.startsWith(KeyBuilder.BAG_PREFIX) && KeyBuilder.inBag(key).equals(inBag);
    }

    @Override
    public String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }

    @Override
    public void close() {
        s3.close();
    }

    // a multipart object carries a checksum of its part checksums (COMPOSITE, "...-N"), not of its bytes
    private static String wholeObjectSha256(HeadObjectResponse head) {
        String checksum = head.checksumSHA256();
        if (checksum == null || head.checksumType() == ChecksumType.COMPOSITE || checksum.contains("-")) {
            return null;
        }
        return HexFormat.of().formatHex(Base64.getDecoder().decode(checksum));
    }

    private void requireBucket() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new DestinationUnavailableException("S3 bucket '" + bucket + "' does not exist" + where
                    + " (setting holdfast.s3.bucket)", e);
        } catch (SdkException e) {
            throw unavailable("check bucket " + bucket, e);
        }
    }

    private IOException unavailable(String action, SdkException e) {
        String hint;
        if (e instanceof NoSuchBucketException) {
            hint = "the bucket does not exist (setting holdfast.s3.bucket)";
        } else if (e instanceof S3Exception s3e && (s3e.statusCode() == 403 || s3e.statusCode() == 401)) {
            hint = "access denied: check the AWS credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profile or role)"
                    + " and their permissions on the bucket";
        } else if (e instanceof SdkClientException) {
            hint = "the service cannot be reached: check holdfast.s3.endpoint, holdfast.s3.region and the network";
        } else {
            hint = "S3 answered an error";
        }
        return new DestinationUnavailableException("cannot " + action + " in S3 bucket '" + bucket + "'" + where
                + ": " + hint + " (" + e.getMessage() + ")", e);
    }

    private static String normalizePrefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? "" : KeyPolicy.requireSafe(trimmed) + "/";
    }
}
