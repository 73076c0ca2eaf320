package dev.holdfast.testsupport;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An S3 API on loopback that enforces Object Lock, for the retention tests: moto's server (Python, on the
 * machine's image; system property {@code moto.python} names another interpreter). Unlike S3Mock it honours the
 * retention headers of PutObject and CreateMultipartUpload, reports the lock on HEAD, and refuses (403) to delete
 * a locked version. Its GetObjectRetention answer is not parsed by the AWS SDK v2, so read locks with HEAD.
 */
public final class MotoS3Server implements AutoCloseable {

    private final ServerProcess process;
    private final int port;
    private final S3Client client;

    private MotoS3Server(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
        this.client = S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .forcePathStyle(true)
                .region(Region.of(S3MockServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3MockServer.ACCESS_KEY, S3MockServer.SECRET_KEY)))
                .build();
    }

    /** Starts {@code python3 -m moto.server} on a free loopback port and waits until it answers. */
    public static MotoS3Server start() {
        String python = System.getProperty("moto.python", "python3");
        try {
            int port = ServerProcess.freePort();
            Path log = Files.createTempFile("moto-s3-" + port, ".log");
            ProcessBuilder builder = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                    Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // any credentials pass; moto checks none unless told to
            builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", S3MockServer.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", S3MockServer.SECRET_KEY));
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start moto's S3 server with '" + python + "' (the retention"
                        + " tests need Python with the moto package; set -Dmoto.python to its interpreter)", e);
            }
            MotoS3Server server = new MotoS3Server(new ServerProcess("moto", process, log), port);
            try {
                server.process.awaitOk(server.endpoint() + "/", Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                server.close();
                throw new IllegalStateException("moto's S3 server did not start (the retention tests need Python"
                        + " with the moto package); its log ends with:\n" + server.process.logTail(), e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto's S3 server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: give it to {@code holdfast.s3.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A plain SDK client for setting up and asserting (no Holdfast interceptor). */
    public S3Client client() {
        return client;
    }

    /** Creates a bucket with Object Lock, which makes it versioned. */
    public void createLockedBucket(String name) {
        client.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
    }

    /** The destination settings for a bucket on this server, as the command line takes them. */
    public Map<String, String> settings(String bucket, String prefix) {
        return new java.util.LinkedHashMap<>(Map.of("holdfast.destination", "s3", "holdfast.s3.bucket", bucket,
                "holdfast.s3.prefix", prefix, "holdfast.s3.endpoint", endpoint(),
                "holdfast.s3.region", S3MockServer.REGION));
    }

    @Override
    public void close() {
        client.close();
        process.stop();
    }
}
