package dev.holdfast.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Lower-case hex SHA-256 of bytes, text and streams: the one digest every custody file speaks. */
public final class Sha256 {

    /** The hash a chain starts from: there is no line before the very first one. */
    public static final String ZERO = "0".repeat(64);

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    /** Hex SHA-256 of the bytes. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Hex SHA-256 of the text's UTF-8 bytes. */
    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hex SHA-256 and length of a stream, read to its end in small buffers (never whole in memory). */
    public static Measured measure(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            digest.update(buffer, 0, n);
            size += n;
        }
        return new Measured(HexFormat.of().formatHex(digest.digest()), size);
    }

    /** True when the value is a 64-character lower-case hex SHA-256. */
    public static boolean isHex(String value) {
        return value != null && HEX.matcher(value).matches();
    }

    /** Throws unless the value is a 64-character lower-case hex SHA-256. */
    public static String requireHex(String value, String what) {
        if (!isHex(value)) {
            throw new IllegalArgumentException(what + " is not a lower-case hex SHA-256: " + value);
        }
        return value;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A stream's digest and the number of bytes it held. */
    public record Measured(String sha256, long size) {
    }
}
