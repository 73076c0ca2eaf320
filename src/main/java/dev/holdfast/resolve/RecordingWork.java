package dev.holdfast.resolve;

import dev.holdfast.genesys.Recording;

import java.time.Instant;

/**
 * One recording on its way through a run: the router's decision and what it was based on.
 *
 * @param late first seen when the window was re-queried after the analytics data had settled
 */
public record RecordingWork(String conversationId, String recordingId, Instant conversationStart,
                            Readiness readiness, Recording recording, String why, boolean late) {

    public RecordingWork withRecording(Recording fresh, Readiness readiness, String why) {
        return new RecordingWork(conversationId, recordingId, conversationStart, readiness, fresh, why, late);
    }

    @Override
    public String toString() {
        // the recording carries a presigned URL: never print it
        return "RecordingWork[" + conversationId + "/" + recordingId + " " + readiness + "]";
    }
}
