package dev.holdfast.discover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.genesys.GenesysUnavailableException;
import dev.holdfast.deliver.GenesysIds;
import dev.holdfast.deliver.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Finds every held conversation that started in a window, completely, in one run. The synchronous details
 * query carries no participant attributes, so the part of the window the data lake already holds is read
 * through the asynchronous jobs (whose participants carry attributes), and the recent tail past the
 * data-availability date through the synchronous query plus each conversation's own record.
 */
public final class HeldConversationFinder {

    private static final Logger LOG = LoggerFactory.getLogger(HeldConversationFinder.class);
    private static final Duration QUERY_INTERVAL_CAP = Duration.ofDays(7);
    private static final int QUERY_PAGE_SIZE = 100;
    private static final int JOB_PAGE_SIZE = 1000;
    private static final Duration JOB_WAIT = Duration.ofMinutes(10);

    private final GenesysClient genesys;
    private final HoldMatcher holds;
    private final Predicate<String> alreadyHeld;
    private final ObjectMapper json;

    /** @param alreadyHeld whether a conversation is known to be held already (the ledger): its record is not read again */
    public HeldConversationFinder(GenesysClient genesys, HoldMatcher holds, Predicate<String> alreadyHeld, ObjectMapper json) {
        this.genesys = genesys;
        this.holds = holds;
        this.alreadyHeld = alreadyHeld;
        this.json = json;
    }

    /** Held conversations started in the window, each once, in start order. */
    public List<HeldConversation> find(Window window) {
        Instant lakeEnd = min(window.to(), genesys.dataAvailabilityDate());
        Map<String, HeldConversation> held = new LinkedHashMap<>();
        if (window.from().isBefore(lakeEnd)) {
            fromDataLake(new Window(window.from(), lakeEnd), held);
        }
        Instant tailStart = max(window.from(), lakeEnd);
        if (tailStart.isBefore(window.to())) {
            fromRecentTail(new Window(tailStart, window.to()), held);
        }
        LOG.info("window {}: {} held conversations ({})", window, held.size(), holds.describe());
        return new ArrayList<>(held.values());
    }

    private void fromDataLake(Window part, Map<String, HeldConversation> held) {
        String jobId = genesys.createDetailsJob(part.from(), part.to());
        awaitFulfilled(jobId);
        String cursor = null;
        do {
            JsonNode page = genesys.detailsJobResults(jobId, cursor, JOB_PAGE_SIZE);
            for (JsonNode conversation : page.path("conversations")) {
                Instant start = Instant.parse(conversation.path("conversationStart").asText());
                // jobs return conversations with any activity in the interval: keep those that started in it
                if (part.contains(start) && holds.isHeld(conversation.path("participants"))) {
                    add(held, conversation.path("conversationId").asText(), start, conversation);
                }
            }
            cursor = page.path("cursor").asText(null);
        } while (cursor != null && !cursor.isEmpty());
    }

    private void awaitFulfilled(String jobId) {
        Instant giveUp = Instant.now().plus(JOB_WAIT);
        long delayMs = 200;
        while (true) {
            String state = genesys.detailsJobState(jobId);
            switch (state) {
                case "FULFILLED" -> {
                    return;
                }
                case "FAILED", "CANCELLED", "EXPIRED" ->
                        throw new GenesysUnavailableException("analytics job " + jobId + " ended " + state, null);
                default -> {
                    if (Instant.now().isAfter(giveUp)) {
                        throw new GenesysUnavailableException("analytics job " + jobId + " not fulfilled after " + JOB_WAIT, null);
                    }
                    pause(delayMs);
                    delayMs = Math.min(5_000, delayMs * 2);
                }
            }
        }
    }

    private void fromRecentTail(Window tail, Map<String, HeldConversation> held) {
        for (Instant from = tail.from(); from.isBefore(tail.to()); from = from.plus(QUERY_INTERVAL_CAP)) {
            Window chunk = new Window(from, min(tail.to(), from.plus(QUERY_INTERVAL_CAP)));
            for (int page = 1; ; page++) {
                JsonNode answer = genesys.detailsQuery(chunk.from(), chunk.to(), page, QUERY_PAGE_SIZE);
                JsonNode conversations = answer.path("conversations");
                for (JsonNode summary : conversations) {
                    String id = summary.path("conversationId").asText();
                    Instant start = Instant.parse(summary.path("conversationStart").asText());
                    // the query answers whole days touched by the interval: the window decides
                    if (!chunk.contains(start) || held.containsKey(id)) {
                        continue;
                    }
                    if (!GenesysIds.isUuid(id)) {
                        // its record would have to be asked for by that id: it is not (held or not, unknown)
                        LOG.warn("skipping a conversation whose id is not a Genesys UUID: {}", SafeText.quote(id));
                        continue;
                    }
                    if (alreadyHeld.test(id)) {
                        // a conversation the ledger holds already needs no second look at its record
                        add(held, id, start, summary);
                    } else {
                        genesys.conversation(id).filter(record -> holds.isHeld(record.path("participants")))
                                .ifPresent(record -> add(held, id, start, fromConversationRecord(summary, record)));
                    }
                }
                if (conversations.size() < QUERY_PAGE_SIZE || (long) page * QUERY_PAGE_SIZE >= answer.path("totalHits").asLong()) {
                    break;
                }
            }
        }
    }

    /** The analytics summary with each participant's attributes taken from the conversation record. */
    private JsonNode fromConversationRecord(JsonNode summary, JsonNode record) {
        ObjectNode merged = summary.deepCopy();
        ArrayNode participants = json.createArrayNode();
        for (JsonNode p : record.path("participants")) {
            ObjectNode participant = json.createObjectNode();
            participant.put("participantId", p.path("id").asText());
            participant.put("purpose", p.path("purpose").asText());
            participant.set("attributes", p.path("attributes").deepCopy());
            participants.add(participant);
        }
        merged.set("participants", participants);
        return merged;
    }

    /** A held conversation, once; one whose id is not a UUID too: the run rejects it with a ledger reason. */
    private void add(Map<String, HeldConversation> held, String id, Instant start, JsonNode conversation) {
        held.putIfAbsent(id, new HeldConversation(id, start, summary(conversation)));
    }

    private JsonNode summary(JsonNode conversation) {
        ObjectNode summary = json.createObjectNode();
        summary.put("conversationId", conversation.path("conversationId").asText());
        summary.put("conversationStart", conversation.path("conversationStart").asText());
        summary.put("conversationEnd", conversation.path("conversationEnd").asText(null));
        ArrayNode participants = summary.putArray("participants");
        for (JsonNode p : conversation.path("participants")) {
            ObjectNode participant = participants.addObject();
            participant.put("participantId", p.path("participantId").asText());
            participant.put("purpose", p.path("purpose").asText());
            participant.set("attributes", p.path("attributes").isObject() ? p.path("attributes").deepCopy() : json.createObjectNode());
        }
        return summary;
    }

    private static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysUnavailableException("interrupted while waiting for an analytics job", e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
