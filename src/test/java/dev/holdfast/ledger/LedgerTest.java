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

    @Test
    void two_owners_never_hold_the_lock_together() {
        assertTrue(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        assertFalse(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)));
        assertFalse(new Ledger(dataSource, clock).tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)),
                "another ledger on the same database sees the holder too");
        assertTrue(ledger.tryLock("other-lock", "node-b/bag-2", Duration.ofMinutes(2)), "locks are independent by name");
        ledger.releaseLock("bag-seal", "node-a/bag-1");
        assertTrue(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)), "released, the next owner gets it");
        assertFalse(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)), "the former owner lost it");
    }

    @Test
    void an_expired_lock_is_taken_over_and_its_former_owner_cannot_renew_it() {
        assertTrue(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        clock.advance(Duration.ofMinutes(1));
        assertTrue(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)), "the owner renews in time");
        clock.advance(Duration.ofSeconds(119));
        assertFalse(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)), "the renewed lease still runs");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)), "a dead owner's lease expires");
        assertFalse(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        assertFalse(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
    }

    @Test
    void a_release_by_anyone_but_the_owner_does_nothing() {
        assertTrue(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        ledger.releaseLock("bag-seal", "node-b/bag-2");
        ledger.releaseLock("other-lock", "node-a/bag-1");
        assertFalse(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)));
        assertTrue(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)), "still the owner's");
    }

    @Test
    void an_abandoned_bag_is_left_to_the_next_run_at_once_and_a_sealed_one_is_not_open() {
        ledger.openBag("holdfast-run1", "node-a", "2026-11-25T08:00:00Z/2026-11-25T10:00:00Z");
        assertTrue(ledger.bagOpen("holdfast-run1"));
        assertTrue(ledger.abandonedBags(Duration.ofMinutes(10)).isEmpty(), "its run is alive");
        ledger.abandonBag("holdfast-run1");
        assertEquals(java.util.List.of("holdfast-run1"),
                ledger.abandonedBags(Duration.ofMinutes(10)).stream().map(Ledger.OpenBag::bag).toList());
        ledger.sealBag("holdfast-run1", "ab".repeat(32), "cd".repeat(32));
        assertFalse(ledger.bagOpen("holdfast-run1"));
        assertFalse(ledger.bagOpen("holdfast-never-opened"));
        assertTrue(ledger.abandonedBags(Duration.ofMinutes(10)).isEmpty());
    }
}
