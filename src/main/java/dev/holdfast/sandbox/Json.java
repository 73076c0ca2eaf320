package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** JSON and date helpers shared by the handlers: one mapper, and Genesys' date style (UTC, milliseconds, Z). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String date(Instant instant) {
        return instant == null ? null : DATE.format(instant);
    }

    /** Puts a date, or an explicit null: Genesys models say "null when there is no playable media". */
    static void putDate(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, date(instant));
        }
    }

    /** Parses an ISO-8601 date-time with an offset (what the SDKs send); null when it is not one. */
    static Instant parseDate(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.trim());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Reads a request body; a missing, empty or malformed body is a 400 bad.request. */
    static JsonNode parseBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiError.badRequest("The request body is required.");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.badRequest("The request body is required.");
            }
            return node;
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("The request could not be understood by the server due to malformed syntax.");
        }
    }

    /** Text of a field, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
