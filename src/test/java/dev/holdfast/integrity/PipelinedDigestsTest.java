package dev.holdfast.integrity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PipelinedDigestsTest {

    // one side thread only: a stream that kept it after being abandoned would leave the next one waiting forever
    private final ExecutorService sideThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        sideThread.shutdownNow();
    }

    @Test
    void the_three_digests_equal_those_of_the_same_bytes_fed_on_one_thread_whatever_the_length() throws Exception {
        // empty, shorter than a piece, exactly the pieces in turn, and many pieces with a short last one
        for (int length : new int[] {0, 1_000, 3 * 4096, 1_000_003}) {
            byte[] bytes = new byte[length];
            new Random(length).nextBytes(bytes);
            assertEquals(Digests.of(bytes), readInPieces(new ByteArrayInputStream(bytes), 4096), "length " + length);
        }
    }

    @Test
    @Timeout(30)
    void an_abandoned_stream_lets_its_side_thread_go_to_the_next_download() throws Exception {
        try (PipelinedDigests broken = new PipelinedDigests(sideThread, 4096)) {
            byte[] piece = broken.piece();
            broken.hash(piece, 100);
            // the connection breaks here: no finish()
        }
        byte[] bytes = new byte[50_000];
        new Random(9).nextBytes(bytes);
        assertEquals(Digests.of(bytes), readInPieces(new ByteArrayInputStream(bytes), 4096));
    }

    private Digests readInPieces(InputStream in, int pieceBytes) throws Exception {
        try (PipelinedDigests digests = new PipelinedDigests(sideThread, pieceBytes)) {
            while (true) {
                byte[] piece = digests.piece();
                int n = in.read(piece);
                if (n < 0) {
                    digests.giveBack(piece);
                    return digests.finish();
                }
                digests.hash(piece, n);
            }
        }
    }
}
