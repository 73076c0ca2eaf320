package dev.holdfast.download;

/** Recognises the first bytes of the audio containers Genesys serves; an HTML error page is not one of them. */
final class AudioSignature {

    private AudioSignature() {
    }

    /** The container's name, or null when the bytes are not a recognisable recording. */
    static String of(byte[] head, int length) {
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
        return null;
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
