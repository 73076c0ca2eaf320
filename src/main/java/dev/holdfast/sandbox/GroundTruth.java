package dev.holdfast.sandbox;

import java.util.List;

/** What a perfect exporter would find: every recording of every held conversation, and the conversation ids on each side. */
public record GroundTruth(List<HeldRecording> held, List<String> unheldConversationIds, List<String> heldConversationIds) {
    public GroundTruth {
        held = List.copyOf(held);
        unheldConversationIds = List.copyOf(unheldConversationIds);
        heldConversationIds = List.copyOf(heldConversationIds);
    }
}
