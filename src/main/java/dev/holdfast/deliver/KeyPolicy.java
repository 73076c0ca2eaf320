package dev.holdfast.deliver;

import java.nio.charset.StandardCharsets;

/**
 * Decides whether a destination key is safe to write under the destination root, on every store: a key that
 * passes can neither leave the root (folder, bucket prefix, SFTP jail) nor be read two ways by two systems.
 */
public final class KeyPolicy {

    /** S3's limit for a whole key. */
    public static final int MAX_KEY_BYTES = 1024;
    /** The common file-name limit (ext4, XFS, most SFTP servers). */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** The suffix the file and SFTP routes write under before the rename: reserved, see {@link #requireSafe}. */
    public static final String TEMP_SUFFIX = ".part";

    private KeyPolicy() {
    }

    /**
     * The key itself when safe, otherwise {@link UnsafeKeyException} naming the reason. Keys are relative,
     * {@code /}-separated, and made only of segments of ASCII letters, digits, {@code .}, {@code _} and {@code -}
     * (everything Holdfast builds: UUIDs, dates, run ids, BagIt tag file names), which also keeps a key free of
     * expression syntax such as {@code ${...}} that Camel's S3 producer would evaluate.
     */
    public static String requireSafe(String key) {
        if (key == null || key.isEmpty()) {
            throw new UnsafeKeyException(key, "it is empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new UnsafeKeyException(key, "it is longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw new UnsafeKeyException(key, "it contains a control character (NUL, newline, ...)");
            }
            if (Character.getType(c) == Character.FORMAT) {
                throw new UnsafeKeyException(key, "it contains an invisible or bidi formatting character");
            }
            if (c == '\\') {
                throw new UnsafeKeyException(key, "it contains a backslash");
            }
            if (c == '%') {
                throw new UnsafeKeyException(key, "it contains percent-encoding");
            }
        }
        if (key.charAt(0) == '/') {
            throw new UnsafeKeyException(key, "it is absolute (starts with /)");
        }
        for (String segment : key.split("/", -1)) {
            requireSafeSegment(key, segment);
        }
        return key;
    }

    /** {@link #requireSafe} for a route step, which must leave the message body alone (hence no result). */
    public static void check(String key) {
        requireSafe(key);
    }

    private static void requireSafeSegment(String key, String segment) {
        if (segment.isEmpty()) {
            throw new UnsafeKeyException(key, "it has an empty segment (// or a trailing /)");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new UnsafeKeyException(key, "it has a dot segment (. or ..)");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new UnsafeKeyException(key, "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
        char first = segment.charAt(0);
        if (first == '.' || first == '-') {
            throw new UnsafeKeyException(key, "a segment starts with '" + first + "' (hidden file or option-like name)");
        }
        // the file and SFTP producers delete a stale '<name>.part' before writing '<name>': a delivered object
        // with such a name could be deleted by a later delivery
        if (segment.endsWith(TEMP_SUFFIX)) {
            throw new UnsafeKeyException(key, "a segment ends with the reserved temporary suffix " + TEMP_SUFFIX);
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                throw new UnsafeKeyException(key, "it contains a character outside A-Z a-z 0-9 . _ -");
            }
        }
    }
}
