package dev.holdfast.ledger;

import dev.holdfast.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the ledger keeps of each bag's timestamp, on every database it runs on: pending until done, chained into
 * one later bag, and given back when that bag was dropped.
 */
abstract class TimestampsContract {

    private static final String TM = "ab".repeat(32);
    private static final String TOKEN = "cd".repeat(32);
    private static final Instant GEN = Instant.parse("2026-11-25T09:00:01Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    private Ledger ledger;
    private Timestamps timestamps;

    /** A new, empty database ({@code file}: a path of its own in the test's temporary folder, if it needs one). */
    abstract DataSource newDatabase(Path file);

    @BeforeEach
    void open(@TempDir Path dir) {
        DataSource dataSource = newDatabase(dir.resolve("ledger"));
        ledger = new Ledger(dataSource, clock);
        timestamps = new Timestamps(dataSource, clock);
    }

    @Test
    void a_timestamp_stays_pending_through_failures_until_it_is_done() {
        timestamps.due("holdfast-a", TM);
        timestamps.due("holdfast-a", TM);
        assertEquals(List.of(new Timestamps.Pending("holdfast-a", TM)), timestamps.pending());
        timestamps.failed("holdfast-a", "the TSA answered HTTP 503");
        assertEquals(1, timestamps.pendingCount());
        timestamps.done("holdfast-a", TOKEN, GEN);
        assertEquals(0, timestamps.pendingCount());
        assertEquals(List.of(new Timestamps.Done("holdfast-a", TOKEN, GEN, TM)), timestamps.unchained());
    }

    @Test
    void a_done_timestamp_is_chained_into_one_bag_only() {
        timestamps.due("holdfast-a", TM);
        timestamps.done("holdfast-a", TOKEN, GEN);
        ledger.openBag("holdfast-b", "node-1", "w");
        ledger.openBag("holdfast-c", "node-2", "w");
        assertTrue(timestamps.chain("holdfast-a", "holdfast-b"));
        assertFalse(timestamps.chain("holdfast-a", "holdfast-c"), "the other node's bag does not chain it again");
        assertTrue(timestamps.unchained().isEmpty());
    }

    @Test
    void a_dropped_bag_gives_its_timestamps_back_to_the_next() {
        timestamps.due("holdfast-a", TM);
        timestamps.done("holdfast-a", TOKEN, GEN);
        ledger.openBag("holdfast-b", "node-1", "w");
        assertTrue(timestamps.chain("holdfast-a", "holdfast-b"));
        // the run had nothing to write: its bag never reaches the destination, nor its custody events
        ledger.dropBag("holdfast-b");
        assertEquals(1, timestamps.unchained().size());
        ledger.openBag("holdfast-c", "node-1", "w");
        assertTrue(timestamps.chain("holdfast-a", "holdfast-c"));
        assertTrue(timestamps.unchained().isEmpty());
    }
}
