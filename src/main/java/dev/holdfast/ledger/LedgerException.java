package dev.holdfast.ledger;

/** The ledger database failed: the run stops safe, since no progress may be kept anywhere else. */
public class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
