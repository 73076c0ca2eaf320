package dev.holdfast.sandbox;

import java.time.Duration;
import java.time.Instant;

/** The generated, unchanging facts of one recording; its changing state lives in {@link LiveRecording}. */
record SeededRecording(
        int key,                    // index in the org, used in media URLs instead of the (possibly hostile) id
        String id,
        String conversationId,
        String sessionId,
        String media,               // "audio", "screen", "email", "chat" or "messaging"
        String mediaSubtype,        // Trunk, Consult, Screen; null for email, chat and messaging
        Instant start,
        Instant end,
        String initialState,        // AVAILABLE, ARCHIVED, DELETED, ERROR
        boolean batchOnly,          // AVAILABLE but mediaUris null: only batch download delivers it
        boolean stale,              // the first media GET answers 404 NoSuchKey
        Duration transcodeTime,     // how long transcoding takes once media is first asked for (zero: ready)
        Instant uploadedAt,         // until then the Edge is still uploading it (it is listed from its end on)
        boolean invalidId,          // a hostile id a client must refuse to build paths from
        boolean held,
        Instant archiveDate,
        Instant deleteDate,
        MediaGenerator.Media direct,
        MediaGenerator.Media batch) {

    boolean screen() {
        return "screen".equals(media);
    }

    boolean audio() {
        return "audio".equals(media);
    }

    /** A recording exists for the API once its leg has ended (the legs of a call in progress appear one by one). */
    boolean existsAt(Instant now) {
        return !now.isBefore(end);
    }

    long durationMs() {
        return end.toEpochMilli() - start.toEpochMilli();
    }

    String selfUri() {
        return "/api/v2/conversations/" + conversationId + "/recordings/" + id;
    }
}
