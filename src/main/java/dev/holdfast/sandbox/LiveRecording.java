package dev.holdfast.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** The changing state of one recording: its transcoding, the restore lifecycle, the one-shot stale URL fault. */
final class LiveRecording {

    final SeededRecording seeded;
    private Instant transcodedAt;
    private final AtomicBoolean staleArmed;
    private String state;
    private Instant archiveDate;
    private Instant restoreAt;

    LiveRecording(SeededRecording seeded) {
        this.seeded = seeded;
        this.staleArmed = new AtomicBoolean(seeded.stale());
        this.state = seeded.initialState();
        this.archiveDate = seeded.archiveDate();
    }

    /** The fileState now: UPLOADING until the Edge has uploaded it; RESTORING turns RESTORED after the delay, RESTORED turns ARCHIVED again at its archiveDate. */
    synchronized String fileState(Instant now) {
        if (now.isBefore(seeded.uploadedAt())) {
            return "UPLOADING";
        }
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

    /**
     * When its media is ready: transcoding starts when media is first asked for (as Genesys transcodes on
     * demand) and takes the seeded time.
     */
    synchronized Instant transcodedAt(Instant now) {
        if (transcodedAt == null) {
            transcodedAt = now.plus(seeded.transcodeTime());
        }
        return transcodedAt;
    }

    boolean transcoding(Instant now) {
        return now.isBefore(transcodedAt(now));
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
