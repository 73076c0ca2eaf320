package dev.holdfast.deliver;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.Settings;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/** Builds the one S3 client of the {@code s3} destination from the {@code holdfast.s3.*} settings. */
public final class S3ClientFactory {

    private S3ClientFactory() {
    }

    /**
     * Credentials come from the AWS default chain (environment, system properties, profile, container or
     * instance role), never from Holdfast's own settings, so that no secret sits in a properties file.
     */
    public static S3Client create(Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.required("holdfast.s3.region")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> o.addExecutionInterceptor(
                        new S3UploadInterceptor(legalHold(settings), settings.optional("holdfast.s3.kms-key-id").orElse(null),
                                retention(settings).orElse(null), Clock.systemUTC())));
        settings.optional("holdfast.s3.endpoint").ifPresent(endpoint ->
                builder.endpointOverride(endpointUri(endpoint)).forcePathStyle(true));
        return builder.build();
    }

    static boolean legalHold(Settings settings) {
        String value = settings.required("holdfast.s3.legal-hold").toUpperCase(Locale.ROOT);
        return switch (value) {
            case "ON" -> true;
            case "OFF" -> false;
            default -> throw new ConfigurationException("setting 'holdfast.s3.legal-hold' is '" + value + "', expected ON or OFF");
        };
    }

    /** {@code holdfast.s3.retention}: the Object Lock retention of every object, empty when none is set. */
    public static Optional<S3Retention> retention(Settings settings) {
        return S3Retention.parse(settings.string(S3Retention.SETTING));
    }

    private static URI endpointUri(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigurationException("setting 'holdfast.s3.endpoint' is '" + endpoint
                + "', expected a URL such as https://s3.example.internal:9000");
    }
}
