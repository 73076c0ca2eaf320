package dev.holdfast.resolve;

import dev.holdfast.run.RunContext;

/**
 * Gives each recording the list names its ledger row. The recording's lifecycle implements it: resolving reads
 * Genesys and writes no recording's state itself.
 */
public interface RecordingAdmission {

    /** What the ledger made of a listed recording. */
    enum Admitted {
        /** First seen now: in a settle re-check, it is late. */
        NEW,
        KNOWN,
        /** Its id is not a Genesys UUID: terminal, never a path or a key. */
        REJECTED
    }

    /**
     * @param run   the run that listed it: a rejected id's terminal event goes into its custody log
     * @param media the recording's media type as Genesys lists it ({@code audio}, {@code email}...; null if not said)
     */
    Admitted admit(RunContext run, String conversationId, String recordingId, String media);
}
