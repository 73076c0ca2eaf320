package dev.holdfast.seal;

import dev.holdfast.ledger.Ledger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's lock on sealing: one sealer at a time reads the last sealed bag and records the next, so two
 * nodes never chain two bags to the same previous one (a fork). Held under a lease, renewed while the bag is
 * written, so a node killed while sealing blocks the others for one lease at most.
 */
public final class SealLock {

    /** The lock's name in the ledger. */
    public static final String NAME = "bag-seal";
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private final Ledger ledger;
    private final Duration lease;
    private final Duration wait;

    /**
     * @param lease how long the lock stays the sealer's without a renewal
     * @param wait  how long a sealer waits for another to finish before it leaves its bag to a later run
     */
    public SealLock(Ledger ledger, Duration lease, Duration wait) {
        this.ledger = ledger;
        this.lease = lease;
        this.wait = wait;
    }

    /** Takes the lock, waiting with backoff up to the configured wait; false when another sealer kept it. */
    public boolean acquire(String sealer) {
        long deadline = System.nanoTime() + wait.toNanos();
        Duration pause = FIRST_PAUSE;
        while (!ledger.tryLock(NAME, sealer, lease)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause.toNanos(), left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = pause.multipliedBy(2);
            if (pause.compareTo(LONGEST_PAUSE) > 0) {
                pause = LONGEST_PAUSE;
            }
        }
        return true;
    }

    /**
     * The sealer is still at it: its lease runs anew. Throws when the lock was taken over (a seal that outlasted
     * its lease): going on could write a bag chained to the same previous one as the new holder's.
     */
    public void renew(String sealer) {
        if (!ledger.renewLock(NAME, sealer, lease)) {
            throw new SealLockLostException(sealer, lease);
        }
    }

    /** Done (sealed, nothing to seal, or failed): the next sealer may go. */
    public void release(String sealer) {
        ledger.releaseLock(NAME, sealer);
    }
}
