package dev.holdfast.resolve;

import dev.holdfast.genesys.Recording;

/** Reads a Genesys recording's {@code fileState} and media URL as one {@link Readiness}. */
public final class ReadinessClassifier {

    public Readiness classify(Recording recording) {
        return switch (recording.fileState()) {
            case "AVAILABLE", "RESTORED" -> recording.media().isPresent() ? Readiness.READY : Readiness.NO_URL;
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
            case TRANSCODING -> "transcoding";
            case NO_URL -> "no-media-url";
            case ARCHIVED -> "archived";
            case NOT_YET -> recording.fileState().toLowerCase();
            case GONE -> recording.recordingErrorStatus() == null ? recording.fileState().toLowerCase()
                    : recording.fileState().toLowerCase() + ":" + recording.recordingErrorStatus();
            case READY -> "ready";
        };
    }
}
