package dev.holdfast.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MD5, SHA-1 and SHA-256 of the same bytes, fed once: review platforms match files by MD5 or SHA-1, the bag by
 * SHA-256, and a file is read a single time for all three.
 *
 * @param md5    lower-case hex MD5
 * @param sha1   lower-case hex SHA-1
 * @param sha256 lower-case hex SHA-256
 * @param size   the number of bytes hashed
 */
public record Digests(String md5, String sha1, String sha256, long size) {

    /** The digests of bytes held in memory (a sidecar, a tag file). */
    public static Digests of(byte[] bytes) {
        Hasher hasher = new Hasher();
        hasher.update(bytes, 0, bytes.length);
        return hasher.finish();
    }

    /** The digests of a stream, read to its end in small buffers (never whole in memory). */
    public static Digests measure(InputStream in) throws IOException {
        Hasher hasher = new Hasher();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            hasher.update(buffer, 0, n);
        }
        return hasher.finish();
    }

    /** The three digests fed piece by piece, for a caller that streams the bytes elsewhere too (the spool). */
    public static final class Hasher {

        private final MessageDigest md5 = digest("MD5");
        private final MessageDigest sha1 = digest("SHA-1");
        private final MessageDigest sha256 = digest("SHA-256");
        private long size;

        public void update(byte[] bytes, int offset, int length) {
            md5.update(bytes, offset, length);
            sha1.update(bytes, offset, length);
            sha256.update(bytes, offset, length);
            size += length;
        }

        public Digests finish() {
            HexFormat hex = HexFormat.of();
            return new Digests(hex.formatHex(md5.digest()), hex.formatHex(sha1.digest()), hex.formatHex(sha256.digest()), size);
        }

        private static MessageDigest digest(String algorithm) {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has " + algorithm, e);
            }
        }
    }
}
