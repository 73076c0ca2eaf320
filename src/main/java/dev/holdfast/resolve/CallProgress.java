package dev.holdfast.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.discover.ParticipantContact;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a held conversation has ended, so that its recordings list is complete: from what discovery saw
 * ({@code conversationEnd} in analytics), else from the conversation's own record, which has a participant without
 * {@code endTime} while the call goes on. A call that ended gets its end and its final participants (the agents a
 * transfer brought in) into the ledger's summary, which the sidecars quote.
 */
public final class CallProgress {

    private static final Logger LOG = LoggerFactory.getLogger(CallProgress.class);

    private final GenesysClient genesys;
    private final Ledger ledger;
    private final ObjectMapper json;

    public CallProgress(GenesysClient genesys, Ledger ledger, ObjectMapper json) {
        this.genesys = genesys;
        this.ledger = ledger;
        this.json = json;
    }

    /** Whether the call is over; asks Genesys (one request) only when the ledger does not know its end yet. */
    public boolean ended(String conversationId) {
        ObjectNode summary = summary(conversationId);
        if (!summary.path("conversationEnd").asText("").isEmpty()) {
            return true;
        }
        Optional<JsonNode> record = genesys.conversation(conversationId);
        if (record.isEmpty()) {
            // Genesys no longer knows it: nothing more can come of it, and waiting would keep the run at 3 for ever
            LOG.warn("held conversation {} is no longer known to Genesys: its recordings list is taken as final", conversationId);
            return true;
        }
        Optional<Instant> end = end(record.get());
        if (end.isEmpty()) {
            return false;
        }
        summary.put("conversationEnd", end.get().toString());
        summary.set("participants", participants(record.get()));
        ledger.updateConversationSummary(conversationId, summary.toString());
        return true;
    }

    /** The call's end: the latest participant's, once none is still connected. */
    private static Optional<Instant> end(JsonNode record) {
        Instant last = null;
        for (JsonNode participant : record.path("participants")) {
            String endTime = participant.path("endTime").asText("");
            if (endTime.isEmpty()) {
                return Optional.empty();
            }
            Instant end = Instant.parse(endTime);
            last = last == null || end.isAfter(last) ? end : last;
        }
        return Optional.ofNullable(last);
    }

    private ArrayNode participants(JsonNode record) {
        ArrayNode participants = json.createArrayNode();
        for (JsonNode p : record.path("participants")) {
            ObjectNode participant = participants.addObject();
            participant.put("participantId", p.path("id").asText());
            participant.put("purpose", p.path("purpose").asText());
            ParticipantContact.copy(p, participant);
            participant.set("attributes", p.path("attributes").isObject() ? p.path("attributes").deepCopy() : json.createObjectNode());
        }
        return participants;
    }

    private ObjectNode summary(String conversationId) {
        String text = ledger.conversationSummary(conversationId).orElse("{}");
        try {
            JsonNode node = json.readTree(text);
            return node instanceof ObjectNode object ? object : json.createObjectNode();
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
