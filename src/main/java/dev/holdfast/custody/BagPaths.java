package dev.holdfast.custody;

import dev.holdfast.deliver.KeyBuilder;

import java.util.regex.Pattern;

/**
 * The naming rules of a Holdfast bag read back: its run id, safe payload paths, RFC 8493 path encoding. The names
 * themselves are built by {@link KeyBuilder} (custody may import deliver: deliver imports no custody class).
 */
public final class BagPaths {

    /** Every Holdfast bag's folder starts with this. */
    public static final String BAG_PREFIX = KeyBuilder.BAG_PREFIX;

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private BagPaths() {
    }

    /** {@code holdfast-<runId>}. */
    public static String bagName(String runId) {
        return KeyBuilder.bagName(requireRunId(runId));
    }

    /** Throws unless the run id is safe as one path component. */
    public static String requireRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be letters, digits, '.', '_' or '-': " + runId);
        }
        return runId;
    }

    /**
     * Throws unless the path is a relative {@code data/…} path with no empty, {@code .} or {@code ..} segment, no
     * backslash and no NUL: rejected, never cleaned, so a bag cannot name a file outside itself.
     */
    public static String requirePayloadPath(String path) {
        if (path == null || !path.startsWith("data/") || path.length() == "data/".length()) {
            throw new IllegalArgumentException("payload path must start with data/: " + path);
        }
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("payload path holds a backslash or NUL: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("payload path has an empty, '.' or '..' segment: " + path);
            }
        }
        return path;
    }

    /** RFC 8493 section 2.1.3: {@code %}, CR and LF in a manifest path (and only those) are percent-encoded. */
    public static String encode(String path) {
        return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** The reverse of {@link #encode}; other escapes are left as they stand, as the RFC encodes nothing else. */
    public static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                String hex = encoded.substring(i + 1, i + 3).toUpperCase();
                switch (hex) {
                    case "25" -> { out.append('%'); i += 2; continue; }
                    case "0D" -> { out.append('\r'); i += 2; continue; }
                    case "0A" -> { out.append('\n'); i += 2; continue; }
                    default -> { }
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
