package dev.holdfast.ledger;

/**
 * The node no longer holds the recording's lease (another node took it over): it writes nothing more of it,
 * neither to the destination nor to the ledger, and records no custody for it.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String conversationId, String recordingId, String node) {
        super(conversationId + "/" + recordingId + ": the lease of " + node + " was taken over by another node");
    }
}
