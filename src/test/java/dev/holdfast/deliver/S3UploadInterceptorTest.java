package dev.holdfast.deliver;

import dev.holdfast.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lock headers the interceptor adds to the uploads Camel builds, checked on the requests themselves. */
class S3UploadInterceptorTest {

    private static final Instant WRITTEN = Instant.parse("2026-02-28T10:15:30.250Z");
    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static SdkRequest modify(S3UploadInterceptor interceptor, SdkRequest request) {
        Context.ModifyRequest context = () -> request;
        return interceptor.modifyRequest(context, new ExecutionAttributes());
    }

    private static S3UploadInterceptor withRetention(String setting) {
        return new S3UploadInterceptor(false, null, S3Retention.parse(setting).orElseThrow(), Clock.fixed(WRITTEN, ZoneOffset.UTC));
    }

    @Test
    void a_put_asks_for_the_retention_mode_until_the_time_of_writing_plus_the_period() {
        PutObjectRequest put = (PutObjectRequest) modify(withRetention("COMPLIANCE:P7Y"),
                PutObjectRequest.builder().bucket("b").key("k").metadata(S3UploadInterceptor.metadata(SHA256)).build());

        assertEquals(ObjectLockMode.COMPLIANCE, put.objectLockMode());
        assertEquals(Instant.parse("2033-02-28T10:15:30Z"), put.objectLockRetainUntilDate());
        assertNotNull(put.checksumSHA256(), "S3 takes lock headers only with a checksum");
    }

    @Test
    void a_multipart_upload_and_a_tag_file_without_a_sha256_ask_for_it_too() {
        S3UploadInterceptor interceptor = withRetention("governance:p1y");

        CreateMultipartUploadRequest create = (CreateMultipartUploadRequest) modify(interceptor,
                CreateMultipartUploadRequest.builder().bucket("b").key("k").build());
        PutObjectRequest tag = (PutObjectRequest) modify(interceptor,
                PutObjectRequest.builder().bucket("b").key("bagit.txt").metadata(Map.of()).build());

        assertEquals(ObjectLockMode.GOVERNANCE, create.objectLockMode());
        assertEquals(Instant.parse("2027-02-28T10:15:30Z"), create.objectLockRetainUntilDate());
        assertEquals(ObjectLockMode.GOVERNANCE, tag.objectLockMode());
        assertEquals(Instant.parse("2027-02-28T10:15:30Z"), tag.objectLockRetainUntilDate());
    }

    @Test
    void without_retention_no_lock_is_asked_for() {
        S3UploadInterceptor interceptor = new S3UploadInterceptor(false, null, null, Clock.fixed(WRITTEN, ZoneOffset.UTC));

        PutObjectRequest put = (PutObjectRequest) modify(interceptor, PutObjectRequest.builder().bucket("b").key("k").build());

        assertNull(put.objectLockMode());
        assertNull(put.objectLockRetainUntilDate());
    }

    @Test
    void a_malformed_retention_setting_is_refused_naming_the_setting() {
        for (String bad : new String[] {"COMPLIANCE", "LEGAL:P7Y", "COMPLIANCE:7Y", "COMPLIANCE:P0D", "GOVERNANCE:PT5H"}) {
            ConfigurationException refused = assertThrows(ConfigurationException.class, () -> S3Retention.parse(bad), bad);
            assertTrue(refused.getMessage().contains("holdfast.s3.retention"), refused.getMessage());
        }
        assertEquals(Optional.empty(), S3Retention.parse(""));
    }
}
