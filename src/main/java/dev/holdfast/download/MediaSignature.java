package dev.holdfast.download;

/**
 * Recognises the first bytes of the files Genesys serves for a recording: the audio and video containers, an email's
 * EML and the ZIP of a chat or messaging transcript. An HTML, XML or JSON error page is none of them.
 */
final class MediaSignature {

    /** How many of the first bytes {@link #of} needs to see: enough for the longest header name of an EML. */
    static final int HEAD_BYTES = 80;

    private MediaSignature() {
    }

    /**
     * The container's name, or null when the bytes are not a recognisable recording. An EML has no magic number,
     * only a header field first: it counts only when served as {@code message/rfc822}, so that a plain-text error
     * ("Error: ...") is never taken for an email.
     */
    static String of(byte[] head, int length, String contentType) {
        if (length >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) {
            return "wav";
        }
        if (length >= 4 && ascii(head, 0, "OggS")) {
            return "ogg";
        }
        if (length >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf
                && (head[3] & 0xff) == 0xa3) {
            return "webm";
        }
        if (length >= 3 && (ascii(head, 0, "ID3") || ((head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0))) {
            return "mp3";
        }
        // a local file header, or the end of central directory of an empty archive
        if (length >= 4 && ascii(head, 0, "PK") && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
            return "zip";
        }
        if (rfc822(contentType) && headerField(head, length)) {
            return "eml";
        }
        return null;
    }

    /**
     * An Internet message starts with a header field: a name of letters, digits and '-' (starting with a letter),
     * then ':' (RFC 5322 allows more characters in a name; the ones mail systems write are these). An error page
     * starts with '<' or '{' and so never passes.
     */
    private static boolean headerField(byte[] head, int length) {
        if (length < 2 || !Character.isLetter((char) (head[0] & 0xff)) || (head[0] & 0x80) != 0) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            int c = head[i] & 0xff;
            if (c == ':') {
                return true;
            }
            boolean nameChar = c < 0x80 && (Character.isLetterOrDigit((char) c) || c == '-');
            if (!nameChar) {
                return false;
            }
        }
        return false;
    }

    private static boolean rfc822(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("message/rfc822");
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[offset + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
