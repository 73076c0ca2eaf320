package dev.holdfast.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One generated conversation: its participants (with their attributes and sessions) and its recordings. */
record SeededConversation(
        String id,
        Instant start,
        Instant end,
        String originatingDirection,
        boolean held,
        boolean longCall,
        boolean transfer,
        boolean repeated,
        String divisionId,
        List<Participant> participants,
        List<SeededRecording> recordings) {

    /** A participant with its single session (a call, or a screen share for an agent's screen recording). */
    record Participant(
            String id,
            String purpose,
            String name,
            String userId,
            String sessionId,
            String mediaType,
            String direction,
            String ani,
            String dnis,
            Instant start,
            Instant end,
            Map<String, String> attributes,
            String screenSessionId,     // the agent's screen-share session when a Screen recording exists
            String recordingId,
            String queue) {             // the queue an agent took the call from; null for others

        /** The queue's id: a UUID of its name, the same in every run. */
        String queueId() {
            return queue == null ? null : java.util.UUID.nameUUIDFromBytes(queue.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }

        boolean screenRecording() {
            return screenSessionId != null;
        }
    }

    /** Whether the conversation's activity overlaps the half-open interval [from, to). */
    boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }
}
