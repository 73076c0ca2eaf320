package dev.holdfast.seal;

import dev.holdfast.ledger.Ledger;
import dev.holdfast.testsupport.MutableClock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealLockTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private Ledger ledger;

    @BeforeEach
    void open(@TempDir Path dir) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("ledger"));
        dataSource.setUser("sa");
        ledger = new Ledger(dataSource, clock);
    }

    @Test
    void a_sealer_that_cannot_wait_gives_up_while_another_holds_the_lock_and_gets_it_once_the_lease_expired() {
        SealLock noWait = new SealLock(ledger, LEASE, Duration.ZERO);
        assertTrue(noWait.acquire("node-a/holdfast-1"));
        assertFalse(noWait.acquire("node-b/holdfast-2"));
        clock.advance(LEASE.plusSeconds(1));
        assertTrue(noWait.acquire("node-b/holdfast-2"), "the holder died: its lease expired");
    }

    @Test
    void a_waiting_sealer_gets_the_lock_when_the_holder_releases_it() throws Exception {
        SealLock lock = new SealLock(ledger, LEASE, Duration.ofMinutes(1));
        assertTrue(lock.acquire("node-a/holdfast-1"));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> lock.acquire("node-b/holdfast-2"));
        lock.release("node-a/holdfast-1");
        assertTrue(waiting.get(30, TimeUnit.SECONDS));
        assertFalse(ledger.tryLock(SealLock.NAME, "node-a/holdfast-1", LEASE), "node-b holds it now");
    }

    @Test
    void a_sealer_whose_lease_was_taken_over_fails_to_renew_and_its_release_frees_nothing() {
        SealLock lock = new SealLock(ledger, LEASE, Duration.ZERO);
        assertTrue(lock.acquire("node-a/holdfast-1"));
        lock.renew("node-a/holdfast-1");
        clock.advance(LEASE.plusSeconds(1));
        assertTrue(lock.acquire("node-b/holdfast-2"));
        assertThrows(SealLockLostException.class, () -> lock.renew("node-a/holdfast-1"));
        lock.release("node-a/holdfast-1");
        assertFalse(lock.acquire("node-c/holdfast-3"), "node-b still holds it");
    }
}
