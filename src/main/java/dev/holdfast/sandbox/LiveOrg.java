package dev.holdfast.sandbox;

import java.time.Instant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The seeded org plus its mutable side: live recording states and the deletion-protected conversations. */
final class LiveOrg {

    final SeededOrg seeded;
    private final List<LiveRecording> recordings;
    private final Set<String> late;
    private final Instant revealAt;
    private final Set<String> protectedConversations = Collections.synchronizedSet(new LinkedHashSet<>());

    LiveOrg(SeededOrg seeded, Scenario scenario, Instant startedAt) {
        this.seeded = seeded;
        this.revealAt = startedAt.plus(scenario.revealAfter());
        this.late = seeded.conversations().stream().filter(SeededConversation::held)
                .limit(scenario.lateConversations()).map(SeededConversation::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
        List<LiveRecording> live = new ArrayList<>();
        for (SeededRecording r : seeded.recordings()) {
            live.add(new LiveRecording(r));
        }
        this.recordings = List.copyOf(live);
    }

    /**
     * Late conversations are unknown to every endpoint until their data has arrived; a call that has not started
     * yet ({@link Scenario.Builder#arrivals}) is unknown until it starts.
     */
    boolean visible(SeededConversation conversation, Instant now) {
        return conversation != null && !now.isBefore(conversation.start())
                && (!late.contains(conversation.id()) || !now.isBefore(revealAt));
    }

    /** Conversations under Genesys' own deletion protection now. */
    List<String> protectedIds() {
        synchronized (protectedConversations) {
            return List.copyOf(protectedConversations);
        }
    }

    /** The ids of the conversations the scenario reveals late. */
    Set<String> lateIds() {
        return late;
    }

    LiveRecording recording(int key) {
        return key >= 0 && key < recordings.size() ? recordings.get(key) : null;
    }

    /**
     * The recordings a conversation has now, in its order: a call in progress has only those of the legs that
     * have ended.
     */
    List<LiveRecording> recordingsOf(SeededConversation conversation, Instant now) {
        List<LiveRecording> list = new ArrayList<>();
        for (SeededRecording r : conversation.recordings()) {
            if (r.existsAt(now)) {
                list.add(recordings.get(r.key()));
            }
        }
        return list;
    }

    /** A recording of a conversation by its id, or null. */
    LiveRecording find(SeededConversation conversation, String recordingId) {
        for (SeededRecording r : conversation.recordings()) {
            if (r.id().equals(recordingId)) {
                return recordings.get(r.key());
            }
        }
        return null;
    }

    void protect(Iterable<String> conversationIds, boolean protect) {
        for (String id : conversationIds) {
            if (protect) {
                protectedConversations.add(id);
            } else {
                protectedConversations.remove(id);
            }
        }
    }

    boolean isProtected(String conversationId) {
        return protectedConversations.contains(conversationId);
    }
}
