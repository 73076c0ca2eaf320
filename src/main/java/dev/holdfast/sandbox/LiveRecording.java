package dev.holdfast.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The changing state of one recording: transcoding polls left, the restore lifecycle, the one-shot stale URL fault. */
final class LiveRecording {

    final SeededRecording seeded;
    private final AtomicInteger transcodeRemaining;
    private final AtomicBoolean staleArmed;
    private String state;
    private Instant archiveDate;
    private Instant restoreAt;

    LiveRecording(SeededRecording seeded) {
        this.seeded = seeded;
        this.transcodeRemaining = new AtomicInteger(seeded.transcodePolls());
        this.staleArmed = new AtomicBoolean(seeded.stale());
        this.state = seeded.initialState();
        this.archiveDate = seeded.archiveDate();
    }

    /** The fileState now: RESTORING turns RESTORED after the delay, RESTORED turns ARCHIVED again at its archiveDate. */
    synchronized String fileState(Instant now) {
        if ("RESTORING".equals(state) && !now.isBefore(restoreAt)) {
            state = "RESTORED";
        }
        if ("RESTORED".equals(state) && archiveDate != null && !now.isBefore(archiveDate)) {
            state = "ARCHIVED";
        }
        return state;
    }

    synchronized Instant archiveDate() {
        return archiveDate;
    }

    /** Until when a restored recording stays restored; null unless restoring or restored. */
    synchronized Instant restoreExpirationTime(Instant now) {
        String s = fileState(now);
        return "RESTORING".equals(s) || "RESTORED".equals(s) ? archiveDate : null;
    }

    /** Whether a per-recording media URL exists: AVAILABLE with media, or RESTORED. */
    boolean playable(Instant now) {
        String s = fileState(now);
        return "AVAILABLE".equals(s) && !seeded.batchOnly() || "RESTORED".equals(s);
    }

    /** Whether batch download can deliver it (batch-only recordings included). */
    boolean batchable(Instant now) {
        String s = fileState(now);
        return "AVAILABLE".equals(s) || "RESTORED".equals(s);
    }

    /** One poll: true (and one poll fewer left) while the recording still transcodes. */
    boolean pollTranscoding() {
        return transcodeRemaining.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    int transcodePollsLeft() {
        return transcodeRemaining.get();
    }

    /** True exactly once for a stale recording: its first media GET. */
    boolean consumeStale() {
        return staleArmed.getAndSet(false);
    }

    /**
     * Applies a new archiveDate (PUT recording). On an ARCHIVED recording a future date starts a restore.
     * Returns false when the date is absent or not in the future.
     */
    synchronized boolean setArchiveDate(Instant date, Instant now, Duration restoreDelay) {
        if (date == null || !date.isAfter(now)) {
            return false;
        }
        String s = fileState(now);
        if ("ARCHIVED".equals(s)) {
            state = "RESTORING";
            restoreAt = now.plus(restoreDelay);
        }
        archiveDate = date;
        return true;
    }
}
