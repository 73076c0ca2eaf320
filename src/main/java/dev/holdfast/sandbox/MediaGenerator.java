package dev.holdfast.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic media bytes, produced chunk by chunk so that even a multi-hundred-megabyte recording never sits
 * in memory: WAV (what a per-recording URL with formatId WAV serves), Ogg/Opus (the trunk codec batch download
 * serves) and WebM (screen recordings). The few kilobytes of an email's EML and a chat's or messaging's ZIP are
 * made whole ({@link Transcripts}).
 */
final class MediaGenerator {

    /** One media object: how to name it, how long it is and how to stream it again, byte for byte. */
    record Media(Kind kind, long seed, long contentBytes) {
        String contentType() { return kind.contentType; }
        String extension() { return kind.extension; }
        long length() { return kind.length(seed, contentBytes); }
        InputStream open() { return kind.open(seed, contentBytes); }
        /** The transcript an email, chat or messaging Recording carries inline; empty for audio and video. */
        com.fasterxml.jackson.databind.node.ArrayNode transcript() { return kind.inline(seed, contentBytes); }
    }

    /**
     * The container formats the sandbox writes. contentBytes means: WAV data chunk, Ogg packet bytes, WebM total; for
     * EML and the ZIPs, the number of messages in the transcript.
     */
    enum Kind {
        WAV("audio/wav", "wav"), OGG("audio/ogg", "ogg"), WEBM("video/webm", "webm"),
        EML("message/rfc822", "eml"), CHAT_ZIP("application/zip", "zip"), MESSAGING_ZIP("application/zip", "zip");

        final String contentType;
        final String extension;

        Kind(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        long length(long seed, long contentBytes) {
            return switch (this) {
                case WAV -> WAV_HEADER + contentBytes;
                case OGG -> OggStream.length(contentBytes);
                case WEBM -> contentBytes;
                case EML, CHAT_ZIP, MESSAGING_ZIP -> whole(seed, contentBytes).length;
            };
        }

        InputStream open(long seed, long contentBytes) {
            return switch (this) {
                case WAV -> new ChunkStream(new WavSource(seed, contentBytes));
                case OGG -> new ChunkStream(new OggStream(seed, contentBytes));
                case WEBM -> new ChunkStream(new WebmSource(seed, contentBytes));
                case EML, CHAT_ZIP, MESSAGING_ZIP -> new java.io.ByteArrayInputStream(whole(seed, contentBytes));
            };
        }

        /** The inline transcript a Recording of this kind carries (an empty array for audio and video). */
        com.fasterxml.jackson.databind.node.ArrayNode inline(long seed, long messages) {
            return switch (this) {
                case EML -> Transcripts.email(seed, (int) messages);
                case CHAT_ZIP -> Transcripts.chat(seed, (int) messages);
                case MESSAGING_ZIP -> Transcripts.messaging(seed, (int) messages);
                default -> Json.array();
            };
        }

        private byte[] whole(long seed, long messages) {
            return this == EML ? Transcripts.eml(seed, (int) messages) : Transcripts.zip(inline(seed, messages));
        }
    }

    static final int WAV_HEADER = 44;
    /** 8 kHz, 16 bit, mono: 16 bytes of PCM per millisecond. */
    static final int WAV_BYTES_PER_MS = 16;
    private static final int CHUNK = 64 * 1024;

    private MediaGenerator() {
    }

    /** Hex SHA-256 of the media, computed by streaming the same generator the media server uses. */
    static String sha256(Media media) {
        try (InputStream in = media.open()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash generated media", e);
        }
    }

    /** Produces the next piece of a stream, or null at the end. */
    private interface ChunkSource {
        byte[] next();
    }

    /** Seeded pseudo-random bytes, consumed sequentially. */
    private static final class SeededBytes {
        private final SplittableRandom random;

        SeededBytes(long seed) {
            this.random = new SplittableRandom(seed);
        }

        void fill(byte[] target, int offset, int length) {
            int i = offset;
            int end = offset + length;
            while (i < end) {
                long v = random.nextLong();
                for (int b = 0; b < 8 && i < end; b++, i++) {
                    target[i] = (byte) (v >>> (8 * b));
                }
            }
        }
    }

    /** A RIFF/WAVE header (PCM 8 kHz 16-bit mono) followed by seeded samples. */
    private static final class WavSource implements ChunkSource {
        private final SeededBytes samples;
        private long remaining;
        private boolean headerSent;

        WavSource(long seed, long dataBytes) {
            this.samples = new SeededBytes(seed);
            this.remaining = dataBytes;
        }

        @Override
        public byte[] next() {
            if (!headerSent) {
                headerSent = true;
                ByteBuffer h = ByteBuffer.allocate(WAV_HEADER).order(ByteOrder.LITTLE_ENDIAN);
                h.put(ascii("RIFF")).putInt((int) (36 + remaining)).put(ascii("WAVE"));
                h.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1)
                        .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
                h.put(ascii("data")).putInt((int) remaining);
                return h.array();
            }
            if (remaining == 0) {
                return null;
            }
            int n = (int) Math.min(CHUNK, remaining);
            byte[] chunk = new byte[n];
            samples.fill(chunk, 0, n);
            remaining -= n;
            return chunk;
        }
    }

    /** An EBML header with DocType webm, a Segment of unknown size, then seeded bytes. */
    private static final class WebmSource implements ChunkSource {
        private static final byte[] HEADER = {
                0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F,
                0x42, (byte) 0x86, (byte) 0x81, 0x01, 0x42, (byte) 0xF7, (byte) 0x81, 0x01,
                0x42, (byte) 0xF2, (byte) 0x81, 0x04, 0x42, (byte) 0xF3, (byte) 0x81, 0x08,
                0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm',
                0x42, (byte) 0x87, (byte) 0x81, 0x04, 0x42, (byte) 0x85, (byte) 0x81, 0x02,
                0x18, 0x53, (byte) 0x80, 0x67, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        private final SeededBytes body;
        private long remaining;
        private boolean headerSent;

        WebmSource(long seed, long totalBytes) {
            this.body = new SeededBytes(seed);
            this.remaining = Math.max(0, totalBytes - HEADER.length);
        }

        static int headerLength() {
            return HEADER.length;
        }

        @Override
        public byte[] next() {
            if (!headerSent) {
                headerSent = true;
                return HEADER.clone();
            }
            if (remaining == 0) {
                return null;
            }
            int n = (int) Math.min(CHUNK, remaining);
            byte[] chunk = new byte[n];
            body.fill(chunk, 0, n);
            remaining -= n;
            return chunk;
        }
    }

    /**
     * An Ogg Opus stream: an OpusHead page (BOS), an OpusTags page, then pages of 160-byte packets (20 ms frames)
     * with seeded content, the last page flagged EOS. Every page carries a correct CRC.
     */
    static final class OggStream implements ChunkSource {
        static final int PACKET = 160;
        static final int PACKETS_PER_PAGE = 255;
        private static final int SERIAL = 0x486F6C64; // "Hold"
        private static final int[] CRC_TABLE = crcTable();
        private static final byte[] OPUS_HEAD = opusHead();
        private static final byte[] OPUS_TAGS = opusTags();

        private final SeededBytes body;
        private final long packets;
        private final long lastPacket;
        private long packetsSent;
        private int pageSequence;

        OggStream(long seed, long payloadBytes) {
            this.body = new SeededBytes(seed);
            this.packets = Math.max(1, (payloadBytes + PACKET - 1) / PACKET);
            this.lastPacket = payloadBytes - (packets - 1) * PACKET;
        }

        /** Total bytes for this many payload bytes (at least one): headers, segment tables, payload. */
        static long length(long payloadBytes) {
            long packets = Math.max(1, (payloadBytes + PACKET - 1) / PACKET);
            long pages = (packets + PACKETS_PER_PAGE - 1) / PACKETS_PER_PAGE;
            return (27 + 1 + OPUS_HEAD.length) + (27 + 1 + OPUS_TAGS.length) + pages * 27 + packets + payloadBytes;
        }

        @Override
        public byte[] next() {
            if (pageSequence == 0) {
                return page(0x02, 0, new int[] {OPUS_HEAD.length}, OPUS_HEAD);
            }
            if (pageSequence == 1) {
                return page(0x00, 0, new int[] {OPUS_TAGS.length}, OPUS_TAGS);
            }
            if (packetsSent == packets) {
                return null;
            }
            int count = (int) Math.min(PACKETS_PER_PAGE, packets - packetsSent);
            int[] lacing = new int[count];
            int payload = 0;
            for (int i = 0; i < count; i++) {
                boolean last = packetsSent + i == packets - 1;
                lacing[i] = last ? (int) lastPacket : PACKET;
                payload += lacing[i];
            }
            byte[] data = new byte[payload];
            body.fill(data, 0, payload);
            packetsSent += count;
            // granule position counts 48 kHz samples: 960 per 20 ms packet
            int flags = packetsSent == packets ? 0x04 : 0x00;
            return page(flags, packetsSent * 960, lacing, data);
        }

        private byte[] page(int flags, long granule, int[] lacing, byte[] payload) {
            ByteBuffer p = ByteBuffer.allocate(27 + lacing.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
            p.put(ascii("OggS")).put((byte) 0).put((byte) flags).putLong(granule)
                    .putInt(SERIAL).putInt(pageSequence++).putInt(0).put((byte) lacing.length);
            for (int l : lacing) {
                p.put((byte) l);
            }
            p.put(payload);
            byte[] bytes = p.array();
            int crc = crc(bytes);
            ByteBuffer.wrap(bytes, 22, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
            return bytes;
        }

        /** The Ogg CRC-32: polynomial 0x04C11DB7, initial 0, not reflected, no final xor. */
        static int crc(byte[] page) {
            int crc = 0;
            for (byte b : page) {
                crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ (b & 0xFF)) & 0xFF];
            }
            return crc;
        }

        private static int[] crcTable() {
            int[] table = new int[256];
            for (int i = 0; i < 256; i++) {
                int r = i << 24;
                for (int j = 0; j < 8; j++) {
                    r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
                }
                table[i] = r;
            }
            return table;
        }

        private static byte[] opusHead() {
            ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
            b.put(ascii("OpusHead")).put((byte) 1).put((byte) 1).putShort((short) 312).putInt(8000)
                    .putShort((short) 0).put((byte) 0);
            return b.array();
        }

        private static byte[] opusTags() {
            byte[] vendor = ascii("holdfast-sandbox");
            ByteBuffer b = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
            b.put(ascii("OpusTags")).putInt(vendor.length).put(vendor).putInt(0);
            return b.array();
        }
    }

    static int webmHeaderLength() {
        return WebmSource.headerLength();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Presents a chunk source as an InputStream. */
    private static final class ChunkStream extends InputStream {
        private final ChunkSource source;
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        ChunkStream(ChunkSource source) {
            this.source = source;
        }

        private boolean fill() {
            while (!ended && position == current.length) {
                byte[] next = source.next();
                if (next == null) {
                    ended = true;
                } else {
                    current = next;
                    position = 0;
                }
            }
            return !ended || position < current.length;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return current[position++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }
}
