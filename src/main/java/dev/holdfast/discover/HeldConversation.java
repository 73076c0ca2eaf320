package dev.holdfast.discover;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A conversation under hold, with what the sidecar records of it: start, end and the participants with
 * their purpose and attributes.
 */
public record HeldConversation(String conversationId, Instant conversationStart, JsonNode summary) {
}
