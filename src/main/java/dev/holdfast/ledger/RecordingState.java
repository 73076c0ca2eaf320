package dev.holdfast.ledger;

/** Where a recording stands; only DELIVERED and TERMINAL are final. */
public enum RecordingState {
    /** Known, not yet delivered: {@code reason} says why and {@code next_attempt} when to try again. */
    PENDING,
    /** A node holds the lease and is working on it; an expired lease makes it pending again. */
    IN_PROGRESS,
    /** The destination holds it and confirmed its size and SHA-256. */
    DELIVERED,
    /** It will never be delivered ({@code reason}: deleted, error, invalid id, …); reported, not retried. */
    TERMINAL
}
