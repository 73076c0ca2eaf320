package dev.holdfast.genesys;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The fields of a Genesys {@code Recording} that decide what happens to it, plus the whole object for the sidecar.
 *
 * @param formatId the {@code formatId} the call that answered it was sent with (routes/genesys.camel.yaml), as the
 *                 request carried it: the sidecar's {@code formatRequested}. Null when no such call answered it (a
 *                 recording known from its metadata, the ledger or a batch download), or the call sent none
 */
public record Recording(String id, String conversationId, String fileState, String mediaSubtype,
                        String mediaUri, long estimatedTranscodeTimeMs, String recordingErrorStatus, JsonNode raw,
                        String formatId) {

    /** A recording without the formatId of a call. */
    public Recording(String id, String conversationId, String fileState, String mediaSubtype, String mediaUri,
                     long estimatedTranscodeTimeMs, String recordingErrorStatus, JsonNode raw) {
        this(id, conversationId, fileState, mediaSubtype, mediaUri, estimatedTranscodeTimeMs, recordingErrorStatus, raw, null);
    }

    /** The same recording, answered by a call sent with {@code formatId}. */
    public Recording askedWith(String formatId) {
        return new Recording(id, conversationId, fileState, mediaSubtype, mediaUri, estimatedTranscodeTimeMs,
                recordingErrorStatus, raw, formatId);
    }

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

    /**
     * The transcript a chat or messaging recording carries inline ({@code transcript}, {@code messagingTranscript})
     * when Genesys lists it without a media URL: the whole of what it serves of the recording (chatFormatId or
     * messageFormatId NONE asked for no ZIP). Empty when there is a media URL, another media type, or no transcript.
     */
    public Optional<JsonNode> inlineTranscript() {
        if (mediaUri != null) {
            return Optional.empty();
        }
        String field = switch (raw.path("media").asText("")) {
            case "chat" -> "transcript";
            case "messaging" -> "messagingTranscript";
            default -> null;
        };
        JsonNode transcript = field == null ? null : raw.path(field);
        return transcript != null && transcript.isArray() && !transcript.isEmpty() ? Optional.of(transcript) : Optional.empty();
    }
}
