package dev.holdfast.recording;

import dev.holdfast.download.InlineTranscripts;
import dev.holdfast.download.MediaFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;

/**
 * Names the format of the bytes a recording was delivered in, with the Genesys {@code formatId} names
 * (GENESYS-API.md section 3: WAV, WAV_ULAW, OGG_OPUS, OGG_VORBIS, MP3, WEBM; EML and ZIP for email, chat and
 * messaging): the sidecar's {@code formatDelivered}. It is read from what was delivered (its content type, and for
 * the two that one content type covers, the codec its first bytes name), never from the format asked for: Genesys
 * may serve another, and a route edited in YAML may ask for one that no setting names.
 */
public final class DeliveredFormat {

    /** Enough of a file's start for a WAV's fmt chunk and an Ogg stream's first packet. */
    private static final int HEAD = 64;
    /** The WAVE fmt chunk's audio format of G.711 mu-law. */
    private static final int WAVE_MULAW = 7;

    private DeliveredFormat() {
    }

    /** The format of the spooled media; its content type itself when it is none of the formats Genesys names. */
    public static String of(MediaFile media) {
        if (InlineTranscripts.PATH.equals(media.path())) {
            return "JSON";
        }
        String type = media.contentType() == null ? "" : media.contentType().toLowerCase(Locale.ROOT);
        String bare = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type.trim();
        return switch (bare) {
            case "audio/wav", "audio/wave", "audio/x-wav", "audio/vnd.wave" -> muLaw(head(media)) ? "WAV_ULAW" : "WAV";
            // Opus unless the stream's first packet names Vorbis: both come as audio/ogg
            case "audio/ogg", "application/ogg" -> vorbis(head(media)) ? "OGG_VORBIS" : "OGG_OPUS";
            case "audio/mpeg", "audio/mp3" -> "MP3";
            case "video/webm", "audio/webm" -> "WEBM";
            case "message/rfc822" -> "EML";
            case "application/zip", "application/x-zip-compressed" -> "ZIP";
            default -> media.contentType();
        };
    }

    /** A RIFF/WAVE file whose fmt chunk (where a plain WAV has it, at byte 12) says mu-law. */
    private static boolean muLaw(byte[] head) {
        if (head.length < 22 || !ascii(head, 0, "RIFF") || !ascii(head, 8, "WAVE") || !ascii(head, 12, "fmt ")) {
            return false;
        }
        return ((head[20] & 0xff) | (head[21] & 0xff) << 8) == WAVE_MULAW;
    }

    /** An Ogg stream whose first packet is a Vorbis identification header ({@code \u0001vorbis}). */
    private static boolean vorbis(byte[] head) {
        return head.length > 4 && ascii(head, 0, "OggS")
                && new String(head, StandardCharsets.ISO_8859_1).contains("\u0001vorbis");
    }

    private static boolean ascii(byte[] bytes, int at, String text) {
        return bytes.length >= at + text.length()
                && new String(bytes, at, text.length(), StandardCharsets.US_ASCII).equals(text);
    }

    /** The first bytes of the spool file; none when it is gone (then the content type alone decides). */
    private static byte[] head(MediaFile media) {
        if (media.file() == null) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(media.file())) {
            return in.readNBytes(HEAD);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
