package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The system annotations of a seeded call recording (the {@code annotations} of a Recording): every second one has
 * a hold, every third a secure pause, which leaves a gap in the media. Derived from the recording alone (its key,
 * start and length), so it draws nothing from the seeded streams and the rest of the org stays as it was.
 *
 * <p>Field names are the SDK's {@code Annotation}. UNCONFIRMED in GENESYS-API.md, read plainly here:
 * {@code type} is {@code Pause} with a {@code reason} ({@code Hold}, {@code SecurePause}: the SDK's reasons);
 * {@code recordingLocation} is the offset in the recording as captured, {@code location} the offset in the media
 * as served (earlier secure pauses cut out of it), {@code absoluteLocation} the offset from the conversation's start,
 * all in milliseconds. Only call audio has them: screen recordings get none (they need {@code includePauseAnnotationsForScreenRecordings}),
 * and neither does RecordingMetadata ("does not return ... system annotations").
 */
final class SeededAnnotations {

    private SeededAnnotations() {
    }

    static ArrayNode of(SeededRecording r, Instant conversationStart) {
        ArrayNode out = Json.array();
        if (!r.audio() || r.invalidId()) {
            return out;
        }
        long length = r.durationMs();
        long offset = r.start().toEpochMilli() - conversationStart.toEpochMilli();
        if (r.key() % 2 == 0 && length > 10_000) {
            long at = length * 3 / 10;
            long duration = Math.min(length / 10, 45_000);
            add(out, r, "hold", "Hold", at, at, offset + at, duration);
        }
        if (r.key() % 3 == 0 && length > 10_000) {
            long at = length * 6 / 10;
            long duration = Math.min(length / 20, 20_000);
            // no earlier pause cut the media: the offset in it is the offset as captured
            add(out, r, "secure-pause", "SecurePause", at, at, offset + at, duration);
        }
        return out;
    }

    private static void add(ArrayNode out, SeededRecording r, String kind, String reason, long recordingLocation,
                            long location, long absoluteLocation, long duration) {
        ObjectNode a = out.addObject();
        a.put("id", java.util.UUID.nameUUIDFromBytes((r.id() + "/" + kind).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        a.put("name", kind);
        a.put("type", "Pause");
        a.put("reason", reason);
        a.put("location", location);
        a.put("durationMs", duration);
        a.put("absoluteLocation", absoluteLocation);
        a.put("absoluteDurationMs", duration);
        a.put("recordingLocation", recordingLocation);
        a.put("recordingDurationMs", duration);
        a.put("selfUri", r.selfUri() + "/annotations/" + a.get("id").asText());
    }
}
