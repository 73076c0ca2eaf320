package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A handler's successful answer: status, JSON body (null for none) and extra headers. */
record Reply(int status, JsonNode body, Map<String, String> headers) {

    static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of());
    }

    static Reply of(int status, JsonNode body) {
        return new Reply(status, body, Map.of());
    }

    static Reply empty(int status) {
        return new Reply(status, null, Map.of());
    }
}
