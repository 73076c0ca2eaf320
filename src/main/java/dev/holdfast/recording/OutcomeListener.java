package dev.holdfast.recording;

/**
 * Observes each recording's change of state as {@link Lifecycle} writes it (metrics, progress); the ledger stays
 * the record, a listener only counts. Listeners must not throw.
 */
public interface OutcomeListener {

    OutcomeListener NONE = new OutcomeListener() {
    };

    default void resolved(String conversationId, String recordingId) {
    }

    default void delivered(String conversationId, String recordingId, long bytes) {
    }

    default void pending(String conversationId, String recordingId, String reason) {
    }

    default void terminal(String conversationId, String recordingId, String reason) {
    }
}
