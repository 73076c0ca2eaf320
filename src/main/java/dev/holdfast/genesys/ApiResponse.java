package dev.holdfast.genesys;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Genesys answer that the retry policy handed back: any status it does not retry by itself.
 *
 * @param sentQuery the query string of the request that got this answer, as sent (still percent-encoded); empty
 *                  when unknown (a refused call)
 */
public record ApiResponse(int status, JsonNode body, String correlationId, String sentQuery) {

    public ApiResponse(int status, JsonNode body, String correlationId) {
        this(status, body, correlationId, "");
    }

    /** The value of one query parameter of the request as sent, decoded; empty when it carried none. */
    public java.util.Optional<String> sentParameter(String name) {
        if (sentQuery == null || sentQuery.isEmpty()) {
            return java.util.Optional.empty();
        }
        for (String pair : sentQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return java.util.Optional.of(eq < 0 ? ""
                        : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return java.util.Optional.empty();
    }

    public boolean ok() {
        return status == 200;
    }

    /** The Genesys ErrorBody code ({@code not.found}, {@code conversation.not.found}, …), or the status. */
    public String errorCode() {
        String code = body == null ? "" : body.path("code").asText("");
        return code.isEmpty() ? "http." + status : code;
    }
}
