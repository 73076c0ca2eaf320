package dev.holdfast.resolve;

import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.ledger.Reason;

import java.time.Clock;
import java.time.Duration;

/** Asks Genesys to restore an archived recording (when {@code holdfast.restore-archived}); it stays pending until restored. */
public final class Restorer {

    /** Long enough to export it, short enough not to keep archive storage busy. */
    private static final Duration RESTORE_FOR = Duration.ofDays(7);

    private final GenesysClient genesys;
    private final boolean enabled;
    private final Clock clock;

    public Restorer(GenesysClient genesys, boolean enabled, Clock clock) {
        this.genesys = genesys;
        this.enabled = enabled;
        this.clock = clock;
    }

    /** The recording after the restore request: pending "restoring", or terminal when restoring is switched off. */
    public RecordingWork restore(RecordingWork work) {
        if (!enabled) {
            return work.withRecording(work.recording(), Readiness.GONE, Reason.ARCHIVED_RESTORE_DISABLED);
        }
        genesys.restore(work.conversationId(), work.recordingId(), clock.instant().plus(RESTORE_FOR));
        return work.withRecording(work.recording(), Readiness.NOT_YET, Reason.RESTORING);
    }
}
