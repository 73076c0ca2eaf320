package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The synchronous analytics area: POST .../details/query (conversations that started on a UTC day touched by
 * the interval, without participant attributes) and the single and multi conversation detail lookups.
 */
final class AnalyticsHandler {

    static final int MAX_PAGE_SIZE = 100;
    private static final Duration MAX_INTERVAL = Duration.ofDays(7);

    private final LiveOrg org;
    private final Views views;

    AnalyticsHandler(LiveOrg org, Views views) {
        this.org = org;
        this.views = views;
    }

    void register(ApiRouter router) {
        router.route("POST", "/api/v2/analytics/conversations/details/query", this::query);
        router.route("GET", "/api/v2/analytics/conversations/details", this::multiGet);
        router.route("GET", "/api/v2/analytics/conversations/{id}/details", this::details);
    }

    private Reply query(ApiCall call) {
        JsonNode body = call.json();
        Interval interval = Interval.parse(Json.text(body, "interval"));
        if (Duration.between(interval.start(), interval.end()).compareTo(MAX_INTERVAL) > 0) {
            throw ApiError.badRequest("Interval can be no greater than 7 days.");
        }
        JsonNode paging = body.get("paging");
        int pageSize = intField(paging, "pageSize", 25);
        int pageNumber = intField(paging, "pageNumber", 1);
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApiError.badRequest("pageSize must be between 1 and " + MAX_PAGE_SIZE + ".");
        }
        if (pageNumber < 1) {
            throw ApiError.badRequest("pageNumber must be 1 or more.");
        }
        if ((long) pageSize * pageNumber > 100_000) {
            throw ApiError.badRequest("Pagination may not exceed 100000 results.");
        }
        List<SeededConversation> matched = new ArrayList<>();
        for (SeededConversation c : org.seeded.conversations()) {
            // faithful to Genesys: the whole UTC day counts, so callers must filter by conversationStart themselves
            if (interval.touchesDayOf(c.start()) && org.visible(c, call.now())
                    && QueryFilter.matchesAll(body.get("conversationFilters"), c, false)
                    && QueryFilter.matchesAll(body.get("segmentFilters"), c, true)) {
                matched.add(c);
            }
        }
        sort(matched, Json.text(body, "order"), Json.text(body, "orderBy"));
        ObjectNode answer = Json.object();
        int from = Math.min(matched.size(), (pageNumber - 1) * pageSize);
        int to = Math.min(matched.size(), from + pageSize);
        if (to > from) {
            // Genesys leaves "conversations" out entirely when a page is empty
            ArrayNode conversations = answer.putArray("conversations");
            for (SeededConversation c : matched.subList(from, to)) {
                conversations.add(views.analytics(c, false, call.now()));
            }
        }
        answer.put("totalHits", matched.size());
        return Reply.ok(answer);
    }

    private Reply details(ApiCall call) {
        SeededConversation c = org.seeded.conversation(call.path("id"));
        if (!org.visible(c, call.now())) {
            throw ApiError.conversationNotFound();
        }
        return Reply.ok(views.analytics(c, false, call.now()));
    }

    private Reply multiGet(ApiCall call) {
        ObjectNode answer = Json.object();
        ArrayNode conversations = answer.putArray("conversations");
        List<String> ids = call.query().get("id");
        if (ids == null || ids.isEmpty()) {
            throw ApiError.badRequest("At least one conversation id is required.");
        }
        for (String value : ids) {
            for (String id : value.split(",")) {
                SeededConversation c = org.seeded.conversation(id.trim());
                if (org.visible(c, call.now())) {
                    conversations.add(views.analytics(c, false, call.now()));
                }
            }
        }
        return Reply.ok(answer);
    }

    static void sort(List<SeededConversation> list, String order, String orderBy) {
        Comparator<SeededConversation> by = "conversationEnd".equals(orderBy)
                ? Comparator.comparing(SeededConversation::end) : Comparator.comparing(SeededConversation::start);
        by = by.thenComparing(SeededConversation::id);
        if (order != null && !List.of("asc", "desc", "unordered").contains(order)) {
            throw ApiError.badRequest("order must be asc, desc or unordered.");
        }
        list.sort("desc".equals(order) ? by.reversed() : by);
    }

    static int intField(JsonNode node, String field, int fallback) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.asInt();
        }
        if (v.isTextual() && v.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(v.asText());
        }
        throw ApiError.badRequest(field + " must be an integer.");
    }
}
