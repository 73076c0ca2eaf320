package dev.holdfast.download;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.genesys.Recording;

/**
 * Keeps the transcript a chat or messaging recording carries inline as JSON, for a recording Genesys lists without a
 * file (an integration team asked {@code chatFormatId} or {@code messageFormatId} NONE in routes/genesys.camel.yaml):
 * delivered as {@code <recordingId>.transcript.json} (DESIGN.md section 8), the array as the API answered it.
 */
public final class InlineTranscripts {

    /** The sidecar's {@code path} of a transcript kept from the API answer. */
    public static final String PATH = "inline";
    public static final String CONTENT_TYPE = "application/json";

    private final MediaFetcher spool;
    private final ObjectMapper json;

    public InlineTranscripts(MediaFetcher spool, ObjectMapper json) {
        this.spool = spool;
        this.json = json;
    }

    /** Whether the recording is one to keep this way: no media URL, its transcript inline. */
    public boolean carried(Recording recording) {
        return recording != null && recording.inlineTranscript().isPresent();
    }

    /** The transcript into the spool as JSON (UTF-8, indented), hashed like a download. */
    public MediaFile spool(Recording recording) {
        try {
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(recording.inlineTranscript()
                    .orElseThrow(() -> new MediaUnavailableException("the recording carries no transcript this time")));
            return spool.keep(bytes, CONTENT_TYPE, PATH);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
