package dev.holdfast.deliver;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.integrity.Sha256;

import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.checksums.ChecksumSpecs;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds to the uploads camel-aws2-s3 makes what it has no option for: {@code x-amz-checksum-sha256} from the
 * route's SHA-256 on every PutObject (S3 refuses the object when the bytes differ), SHA-256 checksums on every
 * part of a multipart upload, the Object Lock legal hold and retention, and SSE-KMS.
 */
public final class S3UploadInterceptor implements ExecutionInterceptor {

    /**
     * User metadata through which the route hands over the SHA-256 (header {@code CamelAwsS3Metadata}); it stays
     * on the object as part of the custody record. camel-aws2-s3 4.18 passes it on PutObject only.
     */
    public static final String SHA256_METADATA = "holdfast-sha256";

    private final boolean legalHold;
    private final String kmsKeyId;
    private final S3Retention retention;
    private final Clock clock;
    // per multipart upload in flight: the part checksums S3 answered, which CompleteMultipartUpload must repeat
    // (Camel completes with ETags only); an entry lives from the first part to Complete or Abort
    private final Map<String, Map<Integer, String>> partChecksums = new ConcurrentHashMap<>();

    /**
     * @param kmsKeyId  the KMS key for SSE-KMS, or {@code null} to leave encryption to the bucket default
     * @param retention the Object Lock retention of every object, or {@code null} for none
     * @param clock     the time of writing, from which the retain-until date counts
     */
    public S3UploadInterceptor(boolean legalHold, String kmsKeyId, S3Retention retention, Clock clock) {
        this.legalHold = legalHold;
        this.kmsKeyId = kmsKeyId;
        this.retention = retention;
        this.clock = clock;
    }

    /** The {@code CamelAwsS3Metadata} header value that carries a SHA-256 to this interceptor. */
    public static Map<String, String> metadata(String sha256) {
        return Map.of(SHA256_METADATA, Sha256.requireHex(sha256, RouteKeys.SHA256));
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutObjectRequest put) {
            return withPutChecksum(put);
        }
        if (request instanceof CreateMultipartUploadRequest create) {
            CreateMultipartUploadRequest.Builder builder = create.toBuilder().checksumAlgorithm(ChecksumAlgorithm.SHA256);
            if (legalHold) {
                builder.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON);
            }
            if (retention != null) {
                // counted from the upload's start: the parts may take a while, the object exists only at Complete
                builder.objectLockMode(retention.mode()).objectLockRetainUntilDate(retention.retainUntil(clock.instant()));
            }
            if (kmsKeyId != null) {
                builder.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
            }
            return builder.build();
        }
        if (request instanceof UploadPartRequest part) {
            // the SDK chose the part's checksum from the request as Camel built it (none, so its CRC32 default)
            // before this interceptor runs: switch that resolved choice to SHA-256, which the upload was created with
            ChecksumSpecs resolved = attributes.getAttribute(SdkExecutionAttribute.RESOLVED_CHECKSUM_SPECS);
            if (resolved != null) {
                attributes.putAttribute(SdkExecutionAttribute.RESOLVED_CHECKSUM_SPECS, resolved.toBuilder()
                        .algorithmV2(DefaultChecksumAlgorithm.SHA256).headerName("x-amz-checksum-sha256").build());
            }
            return part.toBuilder().checksumAlgorithm(ChecksumAlgorithm.SHA256).build();
        }
        if (request instanceof CompleteMultipartUploadRequest complete) {
            return withPartChecksums(complete);
        }
        if (request instanceof AbortMultipartUploadRequest abort) {
            partChecksums.remove(abort.uploadId());
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest part && context.response() instanceof UploadPartResponse answer
                && answer.checksumSHA256() != null) {
            partChecksums.computeIfAbsent(part.uploadId(), id -> new ConcurrentHashMap<>())
                    .put(part.partNumber(), answer.checksumSHA256());
        }
    }

    private PutObjectRequest withPutChecksum(PutObjectRequest put) {
        PutObjectRequest.Builder builder = put.toBuilder();
        String sha256 = Optional.ofNullable(put.metadata()).map(m -> m.get(SHA256_METADATA)).orElse(null);
        if (sha256 != null) {
            // S3 wants the digest in base64; it recomputes it and refuses the PUT (400 BadDigest) on a mismatch
            builder.checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .checksumSHA256(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Sha256.requireHex(sha256, RouteKeys.SHA256))));
        }
        if (legalHold) {
            builder.objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON);
        }
        if (retention != null) {
            // S3 takes the lock headers only with a checksum or Content-MD5: every PUT here carries one
            // (x-amz-checksum-sha256 above, or the SDK's own for a tag file without our metadata)
            builder.objectLockMode(retention.mode()).objectLockRetainUntilDate(retention.retainUntil(clock.instant()));
        }
        if (kmsKeyId != null) {
            builder.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        return builder.build();
    }

    private CompleteMultipartUploadRequest withPartChecksums(CompleteMultipartUploadRequest complete) {
        Map<Integer, String> checksums = partChecksums.remove(complete.uploadId());
        if (checksums == null || complete.multipartUpload() == null) {
            return complete;
        }
        List<CompletedPart> parts = complete.multipartUpload().parts().stream()
                .map(p -> p.toBuilder().checksumSHA256(checksums.get(p.partNumber())).build())
                .toList();
        return complete.toBuilder().multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build();
    }
}
