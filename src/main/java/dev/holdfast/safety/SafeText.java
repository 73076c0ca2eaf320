package dev.holdfast.safety;

/** Renders untrusted text (ids, keys from the API) so that a log line or message cannot be forged or garbled by it. */
public final class SafeText {

    /** Longer values are cut: a 2000-character id says nothing more than its first 64 characters do. */
    static final int MAX_SHOWN = 64;

    private SafeText() {
    }

    /**
     * The value in double quotes, printable ASCII kept, everything else (control characters, NUL, bidi overrides,
     * any non-ASCII, the quote and the backslash) written as {@code \\uXXXX}, cut after {@link #MAX_SHOWN} chars.
     */
    public static String quote(String raw) {
        return quote(raw, MAX_SHOWN);
    }

    /** As {@link #quote(String)}, cut after {@code maxShown} characters (messages of our own, carrying ids). */
    public static String quote(String raw, int maxShown) {
        if (raw == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), maxShown) + 16).append('"');
        int shown = Math.min(raw.length(), maxShown);
        for (int i = 0; i < shown; i++) {
            char c = raw.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (raw.length() > shown) {
            out.append("... (").append(raw.length()).append(" chars)");
        }
        return out.toString();
    }
}
