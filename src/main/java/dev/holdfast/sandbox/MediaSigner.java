package dev.holdfast.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds and checks S3-style presigned media URLs. The path names the recording by its internal key (never by
 * its id, which may be hostile), a variant (d = direct, b = batch) and a serial, so every URL handed out is fresh.
 */
final class MediaSigner {

    /** What a media request names, once its signature checked out. */
    record Target(int key, boolean batch) {
    }

    /** The outcome of checking a request against its signature and expiry. */
    enum Check { OK, TAMPERED, EXPIRED }

    private static final Pattern PATH = Pattern.compile("/media/(\\d{1,9})-([db])-(\\d{1,18})\\.([a-z0-9]{1,5})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final byte[] secret;
    private final String host;
    private final int port;
    private final long expiresSeconds;
    private final AtomicLong serial = new AtomicLong();

    MediaSigner(long seed, String host, int port, Duration ttl) {
        this.secret = sha256(("holdfast-sandbox-media:" + seed).getBytes(StandardCharsets.UTF_8));
        this.host = host;
        this.port = port;
        this.expiresSeconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
    }

    String presign(int key, boolean batch, String extension, Instant now) {
        String path = "/media/" + key + "-" + (batch ? "b" : "d") + "-" + serial.incrementAndGet() + "." + extension;
        String date = AMZ_DATE.format(now);
        String credential = "ASIAHOLDFASTSANDBOX0/" + date.substring(0, 8) + "/eu-west-2/s3/aws4_request";
        return "http://" + host + ":" + port + path
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + credential.replace("/", "%2F")
                + "&X-Amz-Date=" + date
                + "&X-Amz-Expires=" + expiresSeconds
                + "&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=" + signature(path, date, Long.toString(expiresSeconds));
    }

    /** The key and variant a path names, or null when it is not a media path. */
    static Target target(String path) {
        Matcher m = PATH.matcher(path);
        return m.matches() ? new Target(Integer.parseInt(m.group(1)), "b".equals(m.group(2))) : null;
    }

    Check check(String path, String date, String expires, String signature, Instant now) {
        if (date == null || expires == null || signature == null) {
            return Check.TAMPERED;
        }
        byte[] expected = signature(path, date, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Check.TAMPERED;
        }
        try {
            Instant signedAt = Instant.from(AMZ_DATE.parse(date));
            return now.isAfter(signedAt.plusSeconds(Long.parseLong(expires))) ? Check.EXPIRED : Check.OK;
        } catch (DateTimeParseException | NumberFormatException e) {
            return Check.TAMPERED;
        }
    }

    private String signature(String path, String date, String expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "\n" + date + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
