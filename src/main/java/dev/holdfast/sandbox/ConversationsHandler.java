package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The conversation and recording area: the conversation with its participant attributes, the recordings list
 * (which waits up to maxWaitMs for transcoding, then answers 202 while any recording still transcodes), a single recording (202 with a body while it transcodes), recording
 * metadata (never 202) and the PUT that restores an archived recording.
 */
final class ConversationsHandler {

    private static final Set<String> FORMATS = Set.of("WAV", "WEBM", "WAV_ULAW", "OGG_VORBIS", "OGG_OPUS", "MP3", "NONE");
    private static final String BASE = "/api/v2/conversations/{id}";
    /** Genesys' default for the list call's maxWaitMs. */
    private static final long DEFAULT_MAX_WAIT_MS = 5000;

    private final LiveOrg org;
    private final Views views;
    private final Duration restoreDelay;

    ConversationsHandler(LiveOrg org, Views views, Scenario scenario) {
        this.org = org;
        this.views = views;
        this.restoreDelay = scenario.restoreDelay();
    }

    void register(ApiRouter router) {
        router.route("GET", BASE, this::conversation);
        router.route("GET", BASE + "/recordings", this::recordings);
        router.route("GET", BASE + "/recordings/{rid}", this::recording);
        router.route("PUT", BASE + "/recordings/{rid}", this::updateRecording);
        router.route("GET", BASE + "/recordingmetadata", this::metadataList);
        router.route("GET", BASE + "/recordingmetadata/{rid}", this::metadata);
    }

    private Reply conversation(ApiCall call) {
        return Reply.ok(views.conversation(conversationOf(call), call.now()));
    }

    private Reply recordings(ApiCall call) {
        SeededConversation c = conversationOf(call);
        String format = format(call);
        Views.Formats formats = formats(call, format);
        Integer maxWaitMs = call.queryInt("maxWaitMs");
        if (maxWaitMs != null && maxWaitMs < 1) {
            throw ApiError.badRequest("maxWaitMs must be positive.");
        }
        List<LiveRecording> live = org.recordingsOf(c, call.now());
        Instant answeredAt = call.now();
        if (!"NONE".equals(format)) {
            // like Genesys, the call itself waits up to maxWaitMs for every recording to be ready, then 202
            Instant ready = call.now();
            for (LiveRecording r : live) {
                Instant at = r.transcodedAt(call.now());
                ready = at.isAfter(ready) ? at : ready;
            }
            long waitMs = Duration.between(call.now(), ready).toMillis();
            long maxWait = maxWaitMs == null ? DEFAULT_MAX_WAIT_MS : maxWaitMs;
            if (waitMs > 0) {
                answeredAt = wait(call.now(), Math.min(waitMs, maxWait));
                if (waitMs > maxWait) {
                    return Reply.empty(202);
                }
            }
        }
        ArrayNode answer = Json.array();
        for (LiveRecording r : live) {
            answer.add(views.recording(r, answeredAt, formats));
        }
        return Reply.ok(answer);
    }

    /** Holds the call (this thread only) for the time; answers the time it is then. */
    private static Instant wait(Instant from, long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sandbox is stopping", e);
        }
        return from.plusMillis(millis);
    }

    private Reply recording(ApiCall call) {
        LiveRecording r = recordingOf(call);
        String format = format(call);
        Views.Formats formats = formats(call, format);
        if (!"NONE".equals(format) && r.transcoding(call.now())) {
            return Reply.of(202, views.transcoding(r, call.now()));
        }
        return Reply.ok(views.recording(r, call.now(), formats));
    }

    private Reply updateRecording(ApiCall call) {
        LiveRecording r = recordingOf(call);
        JsonNode body = call.json();
        String text = Json.text(body, "archiveDate");
        Instant archiveDate = Json.parseDate(text);
        if (text != null && archiveDate == null) {
            throw new ApiError(400, "invalid.date", "archiveDate is not a valid date: " + text);
        }
        if (!r.setArchiveDate(archiveDate, call.now(), restoreDelay)) {
            throw ApiError.badRequest("archiveDate must be set to a date in the future to restore or retain a recording.");
        }
        return Reply.ok(views.recording(r, call.now(), "WEBM"));
    }

    private Reply metadataList(ApiCall call) {
        SeededConversation c = conversationOf(call);
        ArrayNode answer = Json.array();
        for (LiveRecording r : org.recordingsOf(c, call.now())) {
            answer.add(views.metadata(r, call.now()));
        }
        return Reply.ok(answer);
    }

    private Reply metadata(ApiCall call) {
        return Reply.ok(views.metadata(recordingOf(call), call.now()));
    }

    private SeededConversation conversationOf(ApiCall call) {
        SeededConversation c = org.seeded.conversation(call.path("id"));
        if (!org.visible(c, call.now())) {
            throw ApiError.conversationNotFound();
        }
        return c;
    }

    private LiveRecording recordingOf(ApiCall call) {
        LiveRecording r = org.find(conversationOf(call), call.path("rid"));
        if (r == null || !r.seeded.existsAt(call.now())) {
            throw ApiError.notFound("The recording " + call.path("rid") + " was not found.");
        }
        return r;
    }

    /**
     * emailFormatId (EML|NONE) and chatFormatId / messageFormatId (ZIP|NONE), checked as Genesys checks an enum.
     * GENESYS-API.md documents them on the single recording; whether the list takes them too is UNCONFIRMED: the
     * plainest reading, taken here, is that the list accepts the same format choices as the single recording.
     */
    private static Views.Formats formats(ApiCall call, String formatId) {
        String[] chosen = new String[3];
        String[][] params = {{"emailFormatId", "EML"}, {"chatFormatId", "ZIP"}, {"messageFormatId", "ZIP"}};
        for (int i = 0; i < params.length; i++) {
            String value = call.query(params[i][0]);
            if (value != null && !value.isEmpty() && !value.equals(params[i][1]) && !value.equals("NONE")) {
                throw new ApiError(400, "invalid.value", params[i][0] + " must be one of " + params[i][1] + ", NONE");
            }
            // absent: Genesys' default, the file (EML, ZIP)
            chosen[i] = value == null || value.isEmpty() ? params[i][1] : value;
        }
        return new Views.Formats(formatId, chosen[0], chosen[1], chosen[2]);
    }

    /** formatId, default WEBM like Genesys; the sandbox serves WAV bytes for every audio format but NONE. */
    private static String format(ApiCall call) {
        String format = call.query("formatId");
        if (format == null || format.isEmpty()) {
            return "WEBM";
        }
        if (!FORMATS.contains(format)) {
            throw new ApiError(400, "invalid.value", "formatId must be one of " + String.join(", ", FORMATS.stream().sorted().toList()));
        }
        return format;
    }
}
