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
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * A real S3 API on loopback for tests: Adobe S3Mock's exec jar in its own JVM (it checks
 * {@code x-amz-checksum-sha256}, answers 412 to {@code If-None-Match: *}, stores legal holds; it does not
 * enforce Object Lock). Starting takes a few seconds: share one per test class.
 */
public final class S3MockServer implements AutoCloseable {

    /** Any credentials pass; the exporter reads them through the AWS default chain (system properties here). */
    public static final String ACCESS_KEY = "holdfast-test";
    public static final String SECRET_KEY = "holdfast-test-secret";
    public static final String REGION = "us-east-1";

    private final ServerProcess process;
    private final int httpPort;
    private final S3Client client;

    private S3MockServer(ServerProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.client = S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /**
     * Starts S3Mock from the jar the build copied (system property {@code s3mock.jar}, else
     * {@code target/s3mock/s3mock.jar}) and waits until it answers.
     *
     * @param validKmsKeys KMS key ARNs S3Mock accepts for SSE-KMS (it validates them, nothing more)
     */
    public static S3MockServer start(String... validKmsKeys) {
        Path jar = Paths.get(System.getProperty("s3mock.jar", "target/s3mock/s3mock.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock jar not found at " + jar + ": run the tests through Maven once"
                    + " (generate-test-resources copies it)");
        }
        try {
            Path root = Files.createTempDirectory("s3mock-root");
            int httpPort = ServerProcess.freePort();
            // beside the jar, under target/: kept after the run for diagnosis
            Path log = jar.resolveSibling("s3mock-" + httpPort + ".log");
            int httpsPort = ServerProcess.freePort();
            Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString(),
                    "--server.port=" + httpsPort,
                    "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.retainFilesOnExit=false",
                    "--com.adobe.testing.s3mock.store.validKmsKeys=" + String.join(",", validKmsKeys),
                    "--spring.main.banner-mode=off")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Process process = builder.start();
            S3MockServer server = new S3MockServer(new ServerProcess("S3Mock", process, log), httpPort);
            try {
                server.process.awaitOk(server.endpoint() + "/", Duration.ofSeconds(90));
            } catch (RuntimeException e) {
                server.close();
                throw new IllegalStateException("S3Mock did not start; its log (" + log + ") ends with:\n"
                        + server.process.logTail(), e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Mock", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: give it to {@code holdfast.s3.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A plain SDK client for setting up and asserting (no Holdfast interceptor). */
    public S3Client client() {
        return client;
    }

    /** Creates a bucket; with {@code objectLock} also Object Lock (which makes it versioned on real S3). */
    public void createBucket(String name, boolean objectLock) {
        client.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(objectLock));
    }

    /** Every key in the bucket, sorted. */
    public List<String> keys(String bucket) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(o -> o.key()).sorted().toList();
    }

    @Override
    public void close() {
        client.close();
        process.stop();
    }
}
