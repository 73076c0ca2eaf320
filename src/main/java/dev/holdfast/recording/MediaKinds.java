package dev.holdfast.recording;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerFile;
import dev.holdfast.resolve.Readiness;
import dev.holdfast.resolve.RecordingWork;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which files of an audio recording are asked for ({@code holdfast.media}): the stored original (batch download,
 * the trunk's codec) and the review copy ({@code holdfast.format} from the recording's media URL). An audio
 * recording is delivered once every kind asked for that Genesys serves is at the destination. Other media (screen,
 * email, chat, messaging) have one file, as Genesys stores it.
 */
public final class MediaKinds {

    private final boolean original;
    private final boolean review;
    private final Ledger ledger;

    public MediaKinds(List<String> kinds, Ledger ledger) {
        Set<String> asked = new LinkedHashSet<>();
        for (String kind : kinds) {
            asked.add(kind.trim().toLowerCase(Locale.ROOT));
        }
        asked.remove("");
        if (asked.isEmpty() || !Set.of(LedgerFile.ORIGINAL, LedgerFile.REVIEW).containsAll(asked)) {
            throw new ConfigurationException("holdfast.media must name original, review or both (comma-separated), not "
                    + String.join(",", kinds));
        }
        this.original = asked.contains(LedgerFile.ORIGINAL);
        this.review = asked.contains(LedgerFile.REVIEW);
        this.ledger = ledger;
    }

    public boolean original() {
        return original;
    }

    public boolean review() {
        return review;
    }

    /** An audio recording as Genesys lists it ({@code media} absent on a bare ledger view counts as audio). */
    public static boolean audio(RecordingWork work) {
        return "audio".equals(work.recording().raw().path("media").asText("audio"));
    }

    /** An audio recording: as listed, or, when its listing was not kept, by the content type served. */
    public static boolean audio(RecordingWork work, String contentType) {
        String media = work.recording().raw().path("media").asText("");
        return media.isEmpty() ? contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("audio/")
                : "audio".equals(media);
    }

    /**
     * The router's question for a recording with a media URL: its original is what comes next, not a download of
     * the review copy (not asked for, or delivered already by an earlier attempt).
     */
    public boolean originalNext(RecordingWork work, String path) {
        if (work.readiness() != Readiness.READY || !"direct".equals(path) || !original || !audio(work)) {
            return false;
        }
        return !review || reviewDelivered(work.conversationId(), work.recordingId());
    }

    /** After the review copy of an audio recording was confirmed: its original is still to come. */
    public boolean awaitsOriginal(RecordingWork work, String path) {
        return original && "direct".equals(path) && audio(work);
    }

    private boolean reviewDelivered(String conversationId, String recordingId) {
        return ledger.filesOf(conversationId, recordingId).stream()
                .anyMatch(f -> LedgerFile.REVIEW.equals(f.role()) && f.confirmed());
    }
}
