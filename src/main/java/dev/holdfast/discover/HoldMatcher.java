package dev.holdfast.discover;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a conversation is held: any participant (customer, IVR, agent, …) carries the hold
 * attribute with exactly the hold value. Attributes are case-sensitive strings, so {@code "True"} is not held.
 */
public final class HoldMatcher {

    private final String attribute;
    private final String value;

    public HoldMatcher(String attribute, String value) {
        this.attribute = attribute;
        this.value = value;
    }

    /** @param participants {@code participants[]} of an analytics conversation or a conversation record */
    public boolean isHeld(JsonNode participants) {
        for (JsonNode participant : participants) {
            JsonNode attr = participant.path("attributes").path(attribute);
            if (attr.isTextual() && attr.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    public String describe() {
        return attribute + "=" + value;
    }
}
