package dev.holdfast.genesys;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** The fields of a Genesys {@code Recording} that decide what happens to it, plus the whole object for the sidecar. */
public record Recording(String id, String conversationId, String fileState, String mediaSubtype,
                        String mediaUri, long estimatedTranscodeTimeMs, String recordingErrorStatus, JsonNode raw) {

    public static Recording of(JsonNode node) {
        String uri = node.path("mediaUris").path("S").path("mediaUri").asText("");
        if (uri.isEmpty()) {
            // the key set of mediaUris is unconfirmed: take the first entry that carries a URI
            for (JsonNode result : node.path("mediaUris")) {
                if (!result.path("mediaUri").asText("").isEmpty()) {
                    uri = result.path("mediaUri").asText();
                    break;
                }
            }
        }
        return new Recording(node.path("id").asText(""), node.path("conversationId").asText(""),
                node.path("fileState").asText(""), node.path("mediaSubtype").asText(""),
                uri.isEmpty() ? null : uri, node.path("estimatedTranscodeTimeMs").asLong(0),
                node.path("recordingErrorStatus").asText(null), node);
    }

    public Optional<String> media() {
        return Optional.ofNullable(mediaUri);
    }
}
