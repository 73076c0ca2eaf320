package dev.holdfast.ops;

import dev.holdfast.ops.metrics.OpsMetrics;
import dev.holdfast.ops.progress.RunProgress;
import dev.holdfast.recording.OutcomeListener;

/** Each recording's change of state, as the recording's {@code Lifecycle} writes it, counted for the metrics and the progress. */
final class RecordingEvents implements OutcomeListener {

    private final OpsMetrics metrics;
    private final RunProgress progress;

    RecordingEvents(OpsMetrics metrics, RunProgress progress) {
        this.metrics = metrics;
        this.progress = progress;
    }

    @Override
    public void resolved(String conversationId, String recordingId) {
        progress.resolved();
    }

    @Override
    public void delivered(String conversationId, String recordingId, long bytes) {
        metrics.delivered(bytes);
        progress.delivered(bytes);
    }

    @Override
    public void pending(String conversationId, String recordingId, String reason) {
        metrics.recording("pending");
        progress.pending();
    }

    @Override
    public void terminal(String conversationId, String recordingId, String reason) {
        metrics.recording("terminal");
        progress.terminal();
    }
}
