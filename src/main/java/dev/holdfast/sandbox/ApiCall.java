package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One authenticated API request as a handler sees it: path parameters, query, body, the caller and the time. */
record ApiCall(String method, Map<String, String> path, Map<String, List<String>> query, byte[] body,
        TokenStore.Token token, Instant now) {

    String path(String name) {
        return path.get(name);
    }

    /** The first value of a query parameter, or null. */
    String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** An integer query parameter; a non-number is a 400 bad.request. */
    Integer queryInt(String name) {
        String value = query(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("The value of " + name + " must be an integer.");
        }
    }

    JsonNode json() {
        return Json.parseBody(body);
    }
}
