package dev.holdfast.seal;

import java.time.Duration;

/** Sealing outlasted its lease and another sealer took the lock: the bag is left unsealed, never completed under it. */
public class SealLockLostException extends RuntimeException {

    public SealLockLostException(String sealer, Duration lease) {
        super("the seal lock of " + sealer + " was taken over: sealing outlasted holdfast.seal-lease (" + lease
                + "); the bag stays unsealed, check the destination with verify");
    }
}
