package dev.holdfast.ledger;

import dev.holdfast.testsupport.MutableClock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LedgerTest {

    private static final String C = "11111111-1111-4111-8111-111111111111";
    private static final String R = "22222222-2222-4222-8222-222222222222";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private Ledger ledger;
    private JdbcDataSource dataSource;

    @BeforeEach
    void open(@TempDir Path dir) {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("ledger"));
        dataSource.setUser("sa");
        ledger = new Ledger(dataSource, clock);
        ledger.recordConversation(C, Instant.parse("2026-11-25T09:00:00Z"), "{}", "run1");
    }

    @Test
    void a_recording_registered_twice_is_one_row() {
        assertTrue(ledger.registerRecording(C, R));
        assertFalse(ledger.registerRecording(C, R));
        assertFalse(ledger.recordConversation(C, Instant.parse("2026-11-25T09:00:00Z"), "{}", "run2"));
        assertEquals(1, ledger.rowsOf(C).size());
        assertEquals(RecordingState.PENDING, ledger.row(C, R).orElseThrow().state());
    }

    @Test
    void only_one_node_holds_the_lease_until_it_expires() {
        ledger.registerRecording(C, R);
        assertTrue(ledger.claim(C, R, "node-a", Duration.ofMinutes(10)));
        assertFalse(ledger.claim(C, R, "node-b", Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));
        assertTrue(ledger.claim(C, R, "node-b", Duration.ofMinutes(10)), "a dead node's lease expires");
        assertEquals(2, ledger.row(C, R).orElseThrow().attempts());
    }

    @Test
    void delivered_is_final_and_survives_a_reopened_ledger() {
        ledger.registerRecording(C, R);
        ledger.claim(C, R, "node-a", Duration.ofMinutes(10));
        ledger.markDelivered(C, R, new Ledger.Delivery("holdfast-x/data/2026-11-25/c/r.wav", "holdfast-x", "ab".repeat(32),
                42, "audio/wav", "direct", "file:/x", "cd".repeat(32), 7));
        ledger.markPending(C, R, "late-failure", null, clock.instant());
        assertFalse(ledger.claim(C, R, "node-b", Duration.ofMinutes(10)));
        LedgerRow row = new Ledger(dataSource, clock).row(C, R).orElseThrow();
        assertEquals(RecordingState.DELIVERED, row.state());
        assertEquals("ab".repeat(32), row.sha256());
        assertEquals(42L, row.size());
    }

    @Test
    void work_is_due_for_unlisted_conversations_and_pending_recordings_whose_time_came() {
        assertEquals(1, ledger.conversationsWithWork().size(), "never listed");
        ledger.markRecordingsListed(C);
        ledger.registerRecording(C, R);
        ledger.markPending(C, R, "transcoding", null, clock.instant().plusSeconds(30));
        assertTrue(ledger.conversationsWithWork().isEmpty());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, ledger.conversationsWithWork().size());
    }

    @Test
    void the_watermark_only_moves_forward() {
        ledger.advanceWatermark("schedule", Instant.parse("2026-11-25T10:00:00Z"));
        ledger.advanceWatermark("schedule", Instant.parse("2026-11-25T08:00:00Z"));
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), ledger.watermark("schedule").orElseThrow());
    }
}
