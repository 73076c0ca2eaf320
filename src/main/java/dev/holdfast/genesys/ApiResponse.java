package dev.holdfast.genesys;

import com.fasterxml.jackson.databind.JsonNode;

/** One Genesys answer that the retry policy handed back: any status it does not retry by itself. */
public record ApiResponse(int status, JsonNode body, String correlationId) {

    public boolean ok() {
        return status == 200;
    }

    /** The Genesys ErrorBody code ({@code not.found}, {@code conversation.not.found}, …), or the status. */
    public String errorCode() {
        String code = body == null ? "" : body.path("code").asText("");
        return code.isEmpty() ? "http." + status : code;
    }
}
