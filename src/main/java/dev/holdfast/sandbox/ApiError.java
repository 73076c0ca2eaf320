package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A Genesys error answer: thrown by handlers, rendered by the router as an ErrorBody with the same status. */
final class ApiError extends RuntimeException {

    final int status;
    final String code;
    final String messageWithParams;
    final Map<String, String> messageParams;
    final Map<String, String> headers;

    ApiError(int status, String code, String message) {
        this(status, code, message, message, Map.of(), Map.of());
    }

    ApiError(int status, String code, String message, String messageWithParams, Map<String, String> messageParams,
            Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.messageWithParams = messageWithParams;
        this.messageParams = messageParams;
        this.headers = headers;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad.request", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not.found", message);
    }

    static ApiError conversationNotFound() {
        return new ApiError(404, "conversation.not.found", "A conversation for the provided conversationId was not found.");
    }

    /** The Genesys ErrorBody: {message, code, status, messageWithParams, messageParams, contextId, details, errors}. */
    ObjectNode body(String contextId) {
        ObjectNode node = Json.object();
        node.put("message", getMessage());
        node.put("code", code);
        node.put("status", status);
        node.put("messageWithParams", messageWithParams);
        ObjectNode params = node.putObject("messageParams");
        messageParams.forEach(params::put);
        node.put("contextId", contextId);
        node.putArray("details");
        node.putArray("errors");
        return node;
    }
}
