package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Evaluates conversationFilters / segmentFilters of a ConversationQuery against a seeded conversation.
 * Supported dimensions are those the sandbox knows values for; a dimension it does not know has no value
 * (so only notExists matches it), and property predicates never match, because the sandbox indexes no segment
 * properties. Metric predicates are not evaluated (they match).
 */
final class QueryFilter {

    private QueryFilter() {
    }

    /** Whether every filter of the array matches; an absent array matches. */
    static boolean matchesAll(JsonNode filters, SeededConversation c, boolean segment) {
        if (filters == null || filters.isNull()) {
            return true;
        }
        if (!filters.isArray()) {
            throw ApiError.badRequest("Filters must be an array.");
        }
        for (JsonNode filter : filters) {
            if (!matches(filter, c, segment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(JsonNode filter, SeededConversation c, boolean segment) {
        String type = Json.text(filter, "type");
        if (!"and".equals(type) && !"or".equals(type)) {
            throw ApiError.badRequest("A filter type must be 'and' or 'or'.");
        }
        boolean and = "and".equals(type);
        boolean any = false;
        boolean all = true;
        boolean seen = false;
        for (JsonNode predicate : iterable(filter.get("predicates"))) {
            boolean m = predicate(predicate, c, segment);
            any |= m;
            all &= m;
            seen = true;
        }
        for (JsonNode clause : iterable(filter.get("clauses"))) {
            boolean m = matches(clause, c, segment);
            any |= m;
            all &= m;
            seen = true;
        }
        return !seen || (and ? all : any);
    }

    private static boolean predicate(JsonNode p, SeededConversation c, boolean segment) {
        String type = Json.text(p, "type") == null ? "dimension" : Json.text(p, "type");
        String operator = Json.text(p, "operator") == null ? "matches" : Json.text(p, "operator");
        Set<String> values;
        switch (type) {
            case "dimension" -> values = segment ? segmentValues(c, Json.text(p, "dimension"))
                    : conversationValues(c, Json.text(p, "dimension"));
            case "property" -> values = Set.of();
            case "metric" -> {
                return true;
            }
            default -> throw ApiError.badRequest("Unknown predicate type " + type + ".");
        }
        return switch (operator) {
            case "exists" -> !values.isEmpty();
            case "notExists" -> values.isEmpty();
            case "matches" -> values.contains(Json.text(p, "value"));
            default -> throw ApiError.badRequest("Unknown predicate operator " + operator + ".");
        };
    }

    private static Set<String> conversationValues(SeededConversation c, String dimension) {
        if (dimension == null) {
            return Set.of();
        }
        return switch (dimension) {
            case "conversationId" -> Set.of(c.id());
            case "originatingDirection" -> Set.of(c.originatingDirection());
            case "divisionId" -> Set.of(c.divisionId());
            default -> Set.of();
        };
    }

    private static Set<String> segmentValues(SeededConversation c, String dimension) {
        Set<String> values = new HashSet<>();
        if (dimension == null) {
            return values;
        }
        for (SeededConversation.Participant p : c.participants()) {
            switch (dimension) {
                case "mediaType" -> {
                    values.add(p.mediaType());
                    if (p.screenRecording()) {
                        values.add("screenshare");
                    }
                }
                case "recording" -> values.add("true");
                case "screenRecording" -> values.add(Boolean.toString(p.screenRecording()));
                case "purpose" -> values.add(p.purpose());
                case "direction" -> values.add(p.direction());
                case "ani" -> values.add(p.ani());
                case "dnis" -> values.add(p.dnis());
                case "userId" -> {
                    if (p.userId() != null) {
                        values.add(p.userId());
                    }
                }
                case "segmentType" -> values.add("ivr".equals(p.purpose()) ? "ivr" : "interact");
                case "provider" -> values.add("Edge");
                default -> {
                }
            }
        }
        return values;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node == null || !node.isArray() ? java.util.List.of() : node;
    }
}
