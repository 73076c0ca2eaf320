package dev.holdfast.testsupport;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a destination holds, read by the test itself (the folder on disk, the SFTP server's disk, the S3
 * server's API), never through the exporter's own readers.
 */
public interface DestinationView {

    /** Every object under the destination root, relative key to hex SHA-256. */
    Map<String, String> sha256ByKey();

    byte[] read(String key);

    static DestinationView folder(Path root) {
        return new DestinationView() {
            @Override
            public Map<String, String> sha256ByKey() {
                Map<String, String> out = new TreeMap<>();
                if (!Files.exists(root)) {
                    return out;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(f -> out.put(root.relativize(f).toString().replace('\\', '/'),
                            sha256(read(root.relativize(f).toString()))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out;
            }

            @Override
            public byte[] read(String key) {
                try {
                    return Files.readAllBytes(root.resolve(key));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static DestinationView s3(S3Client s3, String bucket, String prefix) {
        String base = prefix.isEmpty() ? "" : prefix + "/";
        return new DestinationView() {
            @Override
            public Map<String, String> sha256ByKey() {
                Map<String, String> out = new TreeMap<>();
                for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base)).contents()) {
                    String key = object.key().substring(base.length());
                    out.put(key, sha256(read(key)));
                }
                return out;
            }

            @Override
            public byte[] read(String key) {
                return s3.getObjectAsBytes(b -> b.bucket(bucket).key(base + key)).asByteArray();
            }
        };
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
