package dev.holdfast.integrity;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * MD5, SHA-1 and SHA-256 of a stream that is read piece by piece, with MD5 and SHA-1 on a thread of their own.
 * Together they cost more than twice what SHA-256 does (this machine's SHA instructions speed up SHA-1 and SHA-256,
 * nothing speeds up MD5): on the reading thread they held a 300 MB download to 60 % of its speed with SHA-256 alone.
 * The reader takes a free piece, reads into it, hands it on and hashes SHA-256 while the side thread hashes the
 * other two; a piece is read into again only once the side thread is done with it, so a download holds
 * {@link #PIECES} pieces, however large the recording.
 *
 * <p>Use: {@code piece()}, read into it, {@code hash(piece, n)}, and so on; {@code finish()} at the end. {@code close()}
 * frees the side thread when the download breaks off before {@code finish()}.
 */
public final class PipelinedDigests implements AutoCloseable {

    /** Pieces in turn: one being read, one being hashed on the side, one spare so neither waits on the other. */
    static final int PIECES = 3;

    private static final Piece END = new Piece(new byte[0], 0);
    private static final Piece ABANDON = new Piece(new byte[0], 0);

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(PIECES);
    // room for every piece and one marker: handing on a piece or a marker never waits
    private final BlockingQueue<Piece> toSide = new ArrayBlockingQueue<>(PIECES + 1);
    private final MessageDigest sha256 = digest("SHA-256");
    private final Future<String[]> side;
    private long size;
    private boolean over;

    /** @param sideThreads runs the MD5 and SHA-1 of this stream: one task, for as long as the stream lasts */
    public PipelinedDigests(ExecutorService sideThreads, int pieceBytes) {
        for (int i = 0; i < PIECES; i++) {
            free.add(new byte[pieceBytes]);
        }
        side = sideThreads.submit(this::hashOnTheSide);
    }

    /** A piece to read the next bytes into; waits while every piece is still being hashed. */
    public byte[] piece() throws InterruptedIOException {
        try {
            while (true) {
                byte[] piece = free.poll(1, TimeUnit.SECONDS);
                if (piece != null) {
                    return piece;
                }
                if (side.isDone()) {
                    throw new IllegalStateException("the MD5 and SHA-1 of a download stopped before its end");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing a download");
        }
    }

    /**
     * Hashes the first {@code length} bytes of a piece from {@link #piece()}. The caller may go on reading the
     * piece (to write it to a file) but never writes into it again: it goes back to the free pieces once hashed.
     */
    public void hash(byte[] piece, int length) {
        toSide.add(new Piece(piece, length));
        sha256.update(piece, 0, length);
        size += length;
    }

    /** A piece taken but not hashed (the stream ended into it). */
    public void giveBack(byte[] piece) {
        free.add(piece);
    }

    public Digests finish() throws InterruptedIOException {
        over = true;
        toSide.add(END);
        try {
            String[] md5AndSha1 = side.get();
            return new Digests(md5AndSha1[0], md5AndSha1[1], HexFormat.of().formatHex(sha256.digest()), size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing a download");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the MD5 and SHA-1 of a download failed", e.getCause());
        }
    }

    /** Lets the side thread go if the stream was abandoned before {@link #finish()}. */
    @Override
    public void close() {
        if (!over) {
            over = true;
            toSide.add(ABANDON);
        }
    }

    private String[] hashOnTheSide() throws InterruptedException {
        MessageDigest md5 = digest("MD5");
        MessageDigest sha1 = digest("SHA-1");
        while (true) {
            Piece piece = toSide.take();
            if (piece == END) {
                HexFormat hex = HexFormat.of();
                return new String[] {hex.formatHex(md5.digest()), hex.formatHex(sha1.digest())};
            }
            if (piece == ABANDON) {
                return null;
            }
            md5.update(piece.bytes(), 0, piece.length());
            sha1.update(piece.bytes(), 0, piece.length());
            free.add(piece.bytes());
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }

    private record Piece(byte[] bytes, int length) {
    }
}
