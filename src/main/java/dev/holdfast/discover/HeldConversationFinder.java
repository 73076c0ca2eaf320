package dev.holdfast.discover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.genesys.GenesysUnavailableException;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.safety.GenesysIds;
import dev.holdfast.safety.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds every held conversation that started in a window, completely, in one run, and hands each to a consumer
 * as it is found: memory holds one page of results, however many conversations the window has. The synchronous
 * details query carries no participant attributes, so the part of the window the data lake already holds is read
 * through the asynchronous jobs (whose participants carry attributes, paged by cursor), and the recent tail past
 * the data-availability date through the synchronous query (paged within its limits) plus the record of each
 * conversation the ledger does not know yet. A conversation found held or found ended and not held is never read
 * again: discovery costs what the new calls cost.
 */
public final class HeldConversationFinder {

    private static final Logger LOG = LoggerFactory.getLogger(HeldConversationFinder.class);
    private static final Duration QUERY_INTERVAL_CAP = Duration.ofDays(7);
    static final int QUERY_PAGE_SIZE = 100;
    /** Genesys pages the synchronous query no further than this many results: a busier interval is split. */
    static final int QUERY_RESULT_CAP = 100_000;
    /** The shortest interval a busy one is split into; one still past the cap cannot be read completely. */
    private static final Duration QUERY_INTERVAL_FLOOR = Duration.ofHours(1);
    static final int JOB_PAGE_SIZE = 1000;
    private static final Duration JOB_WAIT = Duration.ofMinutes(10);
    /** Not-held conversations this far before the data-availability date are forgotten: no tail reaches them. */
    private static final Duration NOT_HELD_KEPT = Duration.ofDays(1);

    private final GenesysClient genesys;
    private final HoldMatcher holds;
    private final Ledger ledger;
    private final ObjectMapper json;

    /** @param ledger what is known already: held conversations and ended ones found not held are not read again */
    public HeldConversationFinder(GenesysClient genesys, HoldMatcher holds, Ledger ledger, ObjectMapper json) {
        this.genesys = genesys;
        this.holds = holds;
        this.ledger = ledger;
        this.json = json;
    }

    /** Held conversations started in the window, in start order (one the data lake repeats may come twice). */
    public List<HeldConversation> find(Window window) {
        List<HeldConversation> held = new ArrayList<>();
        find(window, held::add);
        return held;
    }

    /**
     * Hands every held conversation started in the window to {@code found} as soon as it is seen, in start
     * order; the data lake repeats some, so {@code found} must take a conversation twice as once (the ledger
     * does). Answers how many it handed over.
     */
    public int find(Window window, Consumer<HeldConversation> found) {
        Instant availability = genesys.dataAvailabilityDate();
        Instant lakeEnd = min(window.to(), availability);
        int[] count = {0};
        Consumer<HeldConversation> counted = conversation -> {
            count[0]++;
            found.accept(conversation);
        };
        if (window.from().isBefore(lakeEnd)) {
            fromDataLake(new Window(window.from(), lakeEnd), counted);
        }
        Instant tailStart = max(window.from(), lakeEnd);
        if (tailStart.isBefore(window.to())) {
            fromRecentTail(new Window(tailStart, window.to()), counted);
        }
        // every later tail starts at or after the availability date, which only moves forward
        ledger.forgetNotHeldStartedBefore(availability.minus(NOT_HELD_KEPT));
        LOG.info("window {}: {} held conversations ({})", window, count[0], holds.describe());
        return count[0];
    }

    private void fromDataLake(Window part, Consumer<HeldConversation> found) {
        String jobId = genesys.createDetailsJob(part.from(), part.to());
        awaitFulfilled(jobId);
        String cursor = null;
        do {
            JsonNode page = genesys.detailsJobResults(jobId, cursor, JOB_PAGE_SIZE);
            for (JsonNode conversation : page.path("conversations")) {
                Instant start = Instant.parse(conversation.path("conversationStart").asText());
                // jobs return conversations with any activity in the interval: keep those that started in it
                if (part.contains(start) && holds.isHeld(conversation.path("participants"))) {
                    found.accept(held(conversation.path("conversationId").asText(), start, conversation));
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

    private void fromRecentTail(Window tail, Consumer<HeldConversation> found) {
        for (Instant from = tail.from(); from.isBefore(tail.to()); from = from.plus(QUERY_INTERVAL_CAP)) {
            fromQuery(new Window(from, min(tail.to(), from.plus(QUERY_INTERVAL_CAP))), found);
        }
    }

    /** One interval of at most 7 days, page by page; one with more results than Genesys pages through is split. */
    private void fromQuery(Window chunk, Consumer<HeldConversation> found) {
        for (int page = 1; ; page++) {
            JsonNode answer = genesys.detailsQuery(chunk.from(), chunk.to(), page, QUERY_PAGE_SIZE);
            long totalHits = answer.path("totalHits").asLong();
            if (page == 1 && totalHits > QUERY_RESULT_CAP) {
                Duration length = Duration.between(chunk.from(), chunk.to());
                if (length.compareTo(QUERY_INTERVAL_FLOOR.multipliedBy(2)) < 0) {
                    throw new GenesysUnavailableException("the analytics query of " + chunk + " has " + totalHits
                            + " conversations, more than the " + QUERY_RESULT_CAP + " it pages through", null);
                }
                Instant middle = chunk.from().plus(length.dividedBy(2));
                fromQuery(new Window(chunk.from(), middle), found);
                fromQuery(new Window(middle, chunk.to()), found);
                return;
            }
            JsonNode conversations = answer.path("conversations");
            Instant oldest = fromPage(chunk, conversations, found);
            if (conversations.size() < QUERY_PAGE_SIZE || (long) page * QUERY_PAGE_SIZE >= totalHits
                    || (oldest != null && oldest.isBefore(chunk.from()))) {
                // newest first: a page that went back past the start of the interval leaves nothing in it to read;
                // the earlier hours of the day the query adds are never paged through (at 4,000 calls an hour,
                // a tail late in the day would otherwise cost some 900 pages a run)
                return;
            }
        }
    }

    /** The held conversations of one page of the synchronous query; answers the last (oldest) start on the page. */
    private Instant fromPage(Window chunk, JsonNode conversations, Consumer<HeldConversation> found) {
        Map<String, JsonNode> unknown = new LinkedHashMap<>();
        Instant last = null;
        for (JsonNode summary : conversations) {
            String id = summary.path("conversationId").asText();
            Instant start = Instant.parse(summary.path("conversationStart").asText());
            last = start;
            // the query answers whole days touched by the interval: the window decides
            if (!chunk.contains(start)) {
                continue;
            }
            if (!GenesysIds.isUuid(id)) {
                // its record would have to be asked for by that id: it is not (held or not, unknown)
                LOG.warn("skipping a conversation whose id is not a Genesys UUID: {}", SafeText.quote(id));
                continue;
            }
            unknown.put(id, summary);
        }
        Set<String> notHeld = ledger.notHeldAmong(unknown.keySet());
        for (Map.Entry<String, JsonNode> entry : unknown.entrySet()) {
            String id = entry.getKey();
            JsonNode summary = entry.getValue();
            Instant start = Instant.parse(summary.path("conversationStart").asText());
            if (notHeld.contains(id)) {
                continue;
            }
            if (ledger.conversationStart(id).isPresent()) {
                // a conversation the ledger holds already needs no second look at its record
                found.accept(held(id, start, summary));
                continue;
            }
            Optional<JsonNode> record = genesys.conversation(id);
            if (record.isPresent() && holds.isHeld(record.get().path("participants"))) {
                found.accept(held(id, start, fromConversationRecord(summary, record.get())));
            } else if (record.isPresent() && ended(summary, record.get())) {
                // participant attributes are set during the call (by its flows and agents): an ended call found
                // not held stays not held, and its record is not read again. An attribute set after the end (a
                // post-call API update) is found by the settle re-check, which reads the data lake with attributes.
                // A call still in progress may get the hold later: it is read again by every run until it ends.
                ledger.recordNotHeld(id, start);
            }
        }
        return last;
    }

    /** Over, by the analytics summary ({@code conversationEnd}) or the conversation record ({@code endTime}). */
    private static boolean ended(JsonNode summary, JsonNode record) {
        return !summary.path("conversationEnd").asText("").isEmpty() || !record.path("endTime").asText("").isEmpty();
    }

    /** The analytics summary with each participant's attributes taken from the conversation record. */
    private JsonNode fromConversationRecord(JsonNode summary, JsonNode record) {
        ObjectNode merged = summary.deepCopy();
        ArrayNode participants = json.createArrayNode();
        for (JsonNode p : record.path("participants")) {
            ObjectNode participant = json.createObjectNode();
            participant.put("participantId", p.path("id").asText());
            participant.put("purpose", p.path("purpose").asText());
            ParticipantContact.copy(p, participant);
            participant.set("attributes", p.path("attributes").deepCopy());
            participants.add(participant);
        }
        merged.set("participants", participants);
        return merged;
    }

    private HeldConversation held(String id, Instant start, JsonNode conversation) {
        return new HeldConversation(id, start, summary(conversation));
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
            ParticipantContact.copy(p, participant);
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
