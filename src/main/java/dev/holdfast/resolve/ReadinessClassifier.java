package dev.holdfast.resolve;

import dev.holdfast.genesys.Recording;
import dev.holdfast.ledger.Reason;

/** Reads a Genesys recording's {@code fileState} and media URL as one {@link Readiness}. */
public final class ReadinessClassifier {

    public Readiness classify(Recording recording) {
        return switch (recording.fileState()) {
            // a chat or messaging recording listed with its transcript inline and no file: the transcript is ready
            case "AVAILABLE", "RESTORED" -> recording.media().isPresent() || recording.inlineTranscript().isPresent()
                    ? Readiness.READY : Readiness.NO_URL;
            case "TRANSCODING" -> Readiness.TRANSCODING;
            case "ARCHIVED" -> Readiness.ARCHIVED;
            case "DELETED", "ERROR" -> Readiness.GONE;
            // RESTORING, UPLOADING and anything Genesys adds later: not yet, never lost
            default -> Readiness.NOT_YET;
        };
    }

    /** The reason recorded in the ledger for a recording that is not delivered now. */
    public String reason(Recording recording, Readiness readiness) {
        return switch (readiness) {
            case TRANSCODING -> Reason.TRANSCODING;
            case NO_URL -> Reason.NO_MEDIA_URL;
            case ARCHIVED -> Reason.ARCHIVED;
            case NOT_YET -> Reason.fileState(recording.fileState());
            case GONE -> Reason.gone(recording.fileState(), recording.recordingErrorStatus());
            case READY -> Reason.READY;
        };
    }
}
