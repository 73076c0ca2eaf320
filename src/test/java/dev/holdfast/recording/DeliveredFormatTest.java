package dev.holdfast.recording;

import dev.holdfast.download.MediaFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The format a sidecar says was delivered is named from the bytes delivered, whatever format was asked for. */
class DeliveredFormatTest {

    @TempDir
    Path spool;

    @Test
    void each_content_type_genesys_serves_is_named_by_its_format_id() throws IOException {
        assertEquals("WAV", format("audio/wav", wave(1)));
        assertEquals("OGG_OPUS", format("audio/ogg", ogg("OpusHead")));
        assertEquals("MP3", format("audio/mpeg", new byte[]{(byte) 0xFF, (byte) 0xFB}));
        assertEquals("WEBM", format("video/webm", new byte[]{0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}));
        assertEquals("EML", format("message/rfc822", "From: a@b\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("ZIP", format("application/zip", new byte[]{'P', 'K', 3, 4}));
        assertEquals("WAV", format("audio/wav; charset=binary", wave(1)), "parameters of the content type are ignored");
    }

    @Test
    void the_codec_head_tells_apart_what_one_content_type_covers() throws IOException {
        assertEquals("WAV_ULAW", format("audio/wav", wave(7)), "a WAVE fmt chunk of format 7 is G.711 mu-law");
        assertEquals("OGG_VORBIS", format("audio/ogg", ogg("\u0001vorbis")));
    }

    @Test
    void a_transcript_is_json_and_an_unknown_type_is_named_as_served() throws IOException {
        Path file = Files.write(spool.resolve("t"), "[]".getBytes(StandardCharsets.UTF_8));
        assertEquals("JSON", DeliveredFormat.of(new MediaFile(file, "0".repeat(64), 2, "application/json", "inline",
                null, Instant.EPOCH, null, null)));
        assertEquals("audio/flac", format("audio/flac", new byte[]{'f', 'L', 'a', 'C'}));
    }

    private String format(String contentType, byte[] bytes) throws IOException {
        Path file = Files.write(spool.resolve("m" + System.nanoTime()), bytes);
        return DeliveredFormat.of(new MediaFile(file, "0".repeat(64), bytes.length, contentType, "direct",
                "media.example.com", Instant.EPOCH, null, null));
    }

    /** A RIFF/WAVE head with its fmt chunk at byte 12 and the audio format given. */
    private static byte[] wave(int audioFormat) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) audioFormat)
                .putShort((short) 1).putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        return b.array();
    }

    /** An Ogg page header (27 bytes, one segment) followed by the first packet's signature. */
    private static byte[] ogg(String packet) {
        ByteBuffer b = ByteBuffer.allocate(28 + packet.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 2).putLong(0).putInt(1).putInt(0)
                .putInt(0).put((byte) 1).put((byte) packet.length()).put(packet.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }
}
