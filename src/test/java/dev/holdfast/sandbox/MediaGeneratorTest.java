package dev.holdfast.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MediaGeneratorTest {

    @Test
    void direct_media_is_a_pcm_wav_whose_data_chunk_has_the_right_length() throws IOException {
        MediaGenerator.Media wav = new MediaGenerator.Media(MediaGenerator.Kind.WAV, 42L, 10_000);
        byte[] bytes = wav.open().readAllBytes();
        assertEquals(wav.length(), bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", ascii(bytes, 0, 4));
        assertEquals(bytes.length - 8, b.getInt(4));
        assertEquals("WAVE", ascii(bytes, 8, 4));
        assertEquals("fmt ", ascii(bytes, 12, 4));
        assertEquals(1, b.getShort(20));      // PCM
        assertEquals(1, b.getShort(22));      // mono
        assertEquals(8000, b.getInt(24));
        assertEquals(16, b.getShort(34));
        assertEquals("data", ascii(bytes, 36, 4));
        assertEquals(10_000, b.getInt(40));
    }

    @Test
    void batch_media_is_an_ogg_opus_stream_whose_pages_carry_correct_crcs() throws IOException {
        MediaGenerator.Media ogg = new MediaGenerator.Media(MediaGenerator.Kind.OGG, 43L, 100_000);
        byte[] bytes = ogg.open().readAllBytes();
        assertEquals(ogg.length(), bytes.length);
        int offset = 0;
        int pages = 0;
        long payload = 0;
        int lastFlags = 0;
        while (offset < bytes.length) {
            assertEquals("OggS", ascii(bytes, offset, 4), "page " + pages);
            int segments = bytes[offset + 26] & 0xFF;
            int size = 27 + segments;
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += bytes[offset + 27 + i] & 0xFF;
            }
            size += body;
            byte[] page = Arrays.copyOfRange(bytes, offset, offset + size);
            int stored = ByteBuffer.wrap(page, 22, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            Arrays.fill(page, 22, 26, (byte) 0);
            assertEquals(MediaGenerator.OggStream.crc(page), stored, "crc of page " + pages);
            if (pages == 0) {
                assertEquals(2, bytes[offset + 5]); // beginning of stream
                assertEquals("OpusHead", ascii(bytes, offset + 28, 8));
            } else if (pages == 1) {
                assertEquals("OpusTags", ascii(bytes, offset + 28, 8));
            } else {
                payload += body;
            }
            lastFlags = bytes[offset + 5];
            offset += size;
            pages++;
        }
        assertEquals(100_000, payload);
        assertEquals(4, lastFlags); // end of stream
    }

    @Test
    void the_same_seed_streams_the_same_bytes_and_another_seed_does_not() throws IOException {
        MediaGenerator.Media a = new MediaGenerator.Media(MediaGenerator.Kind.WAV, 1L, 5000);
        MediaGenerator.Media b = new MediaGenerator.Media(MediaGenerator.Kind.WAV, 1L, 5000);
        MediaGenerator.Media c = new MediaGenerator.Media(MediaGenerator.Kind.WAV, 2L, 5000);
        assertArrayEquals(a.open().readAllBytes(), b.open().readAllBytes());
        assertEquals(MediaGenerator.sha256(a), MediaGenerator.sha256(b));
        assertNotEquals(MediaGenerator.sha256(a), MediaGenerator.sha256(c));
    }

    @Test
    void a_large_recording_streams_in_small_chunks() throws IOException {
        MediaGenerator.Media big = new MediaGenerator.Media(MediaGenerator.Kind.WAV, 5L, 64L * 1024 * 1024);
        long total = 0;
        int largestRead = 0;
        try (InputStream in = big.open()) {
            byte[] buffer = new byte[1024 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                largestRead = Math.max(largestRead, n);
            }
        }
        assertEquals(big.length(), total);
        // the generator hands out at most one 64 KB chunk at a time, whatever the buffer offered
        assertEquals(64 * 1024, largestRead);
    }

    @Test
    void an_email_is_an_eml_digest_and_a_chat_a_zip_of_its_inline_transcript_the_same_for_the_same_seed() throws IOException {
        MediaGenerator.Media eml = new MediaGenerator.Media(MediaGenerator.Kind.EML, 44L, 5);
        byte[] email = eml.open().readAllBytes();
        assertEquals(eml.length(), email.length);
        assertArrayEquals(email, new MediaGenerator.Media(MediaGenerator.Kind.EML, 44L, 5).open().readAllBytes());
        String text = new String(email, StandardCharsets.UTF_8);
        assertEquals("Date: ", text.substring(0, 6));
        assertEquals(5, text.split("\r\nContent-Type: text/plain; charset=UTF-8\r\n").length - 1, "one part per message");
        assertEquals(5, eml.transcript().size());

        MediaGenerator.Media chat = new MediaGenerator.Media(MediaGenerator.Kind.CHAT_ZIP, 45L, 4);
        byte[] zip = chat.open().readAllBytes();
        assertEquals(chat.length(), zip.length);
        assertArrayEquals(zip, new MediaGenerator.Media(MediaGenerator.Kind.CHAT_ZIP, 45L, 4).open().readAllBytes());
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            assertEquals(Transcripts.ZIP_ENTRY, in.getNextEntry().getName());
            assertEquals(chat.transcript(), Json.MAPPER.readTree(in.readAllBytes()));
        }
        assertNotEquals(chat.transcript(), new MediaGenerator.Media(MediaGenerator.Kind.CHAT_ZIP, 46L, 4).transcript());
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
}
