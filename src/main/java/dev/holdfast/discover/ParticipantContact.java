package dev.holdfast.discover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Who a participant is and how the call reached them (name, user id, queue, ANI, DNIS), copied into the
 * conversation the ledger keeps, from a conversation record or an analytics conversation: the sidecar and the
 * load file state them without asking Genesys again.
 */
public final class ParticipantContact {

    private ParticipantContact() {
    }

    /** Copies what is known of {@code from} (a record's or analytics' participant) into {@code to}. */
    public static void copy(JsonNode from, ObjectNode to) {
        // a conversation record says name, ani, dnis, queueId; analytics says participantName, and ani, dnis and
        // queueId per session and segment
        put(to, "name", text(from, "name"), text(from, "participantName"));
        put(to, "userId", text(from, "userId"));
        put(to, "queueId", text(from, "queueId"), sessions(from, "queueId"));
        put(to, "queueName", text(from, "queueName"));
        put(to, "ani", text(from, "ani"), sessions(from, "ani"));
        put(to, "dnis", text(from, "dnis"), sessions(from, "dnis"));
    }

    private static void put(ObjectNode to, String field, String... candidates) {
        for (String value : candidates) {
            if (value != null) {
                to.put(field, value);
                return;
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** The first value of the field on a session, or on one of its segments. */
    private static String sessions(JsonNode participant, String field) {
        for (JsonNode session : participant.path("sessions")) {
            String value = text(session, field);
            if (value != null) {
                return value;
            }
            for (JsonNode segment : session.path("segments")) {
                value = text(segment, field);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }
}
