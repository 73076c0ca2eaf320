package dev.holdfast.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** Renders the seeded org as Genesys JSON: Recording, RecordingMetadata, Conversation and the analytics shapes. */
final class Views {

    static final String REGION = "eu-west-2";

    private final LiveOrg org;
    private final MediaSigner signer;

    Views(LiveOrg org, MediaSigner signer) {
        this.org = org;
        this.signer = signer;
    }

    /**
     * The formats a recordings call asked for: {@code formatId} for audio and screen, {@code emailFormatId} (EML),
     * {@code chatFormatId} and {@code messageFormatId} (ZIP) for the other media; NONE asks for no media.
     */
    record Formats(String formatId, String emailFormatId, String chatFormatId, String messageFormatId) {
        /** Genesys' defaults for the other media: EML and ZIP. */
        static Formats of(String formatId) {
            return new Formats(formatId, "EML", "ZIP", "ZIP");
        }

        /** The format asked for this recording's media. */
        String of(SeededRecording r) {
            return switch (r.media()) {
                case "email" -> emailFormatId;
                case "chat" -> chatFormatId;
                case "messaging" -> messageFormatId;
                default -> formatId;
            };
        }
    }

    /** A Recording; with media (and a fresh presigned URL) only when it is playable and a format was asked for. */
    ObjectNode recording(LiveRecording live, Instant now, String formatId) {
        return recording(live, now, Formats.of(formatId));
    }

    /**
     * A Recording; with media (and a fresh presigned URL) only when it is playable and its media's format was asked
     * for. An email, chat or messaging recording with media carries its transcript inline too ({@code emailTranscript},
     * {@code transcript}, {@code messagingTranscript}), whatever format was asked: the plainest reading of the model,
     * whose fields hold the transcript beside {@code mediaUris} (UNCONFIRMED in GENESYS-API.md).
     */
    ObjectNode recording(LiveRecording live, Instant now, Formats formats) {
        SeededRecording r = live.seeded;
        String state = live.fileState(now);
        String formatId = formats.of(r);
        boolean media = live.playable(now) && !"NONE".equals(formatId);
        ObjectNode node = Json.object();
        node.put("id", r.id());
        node.put("conversationId", r.conversationId());
        Json.putDate(node, "startTime", live.playable(now) ? r.start() : null);
        Json.putDate(node, "endTime", live.playable(now) ? r.end() : null);
        node.put("media", r.media());
        putSubtype(node, r);
        node.set("annotations", SeededAnnotations.of(r, conversationStart(r)));
        if (live.playable(now)) {
            switch (r.media()) {
                case "email" -> node.set("emailTranscript", r.direct().transcript());
                case "chat" -> node.set("transcript", r.direct().transcript());
                case "messaging" -> node.set("messagingTranscript", r.direct().transcript());
                default -> { }
            }
        }
        node.put("fileState", state);
        Instant restoreExpiration = live.restoreExpirationTime(now);
        if (restoreExpiration != null) {
            node.put("restoreExpirationTime", Json.date(restoreExpiration));
        }
        if (media) {
            ObjectNode uris = node.putObject("mediaUris");
            ObjectNode s = uris.putObject("S");
            // asked for Opus, the URL serves the Ogg/Opus encoding (the batch variant's bytes); every other audio format WAV
            boolean opus = r.audio() && "OGG_OPUS".equals(formatId);
            MediaGenerator.Media served = opus ? r.batch() : r.direct();
            s.put("mediaUri", signer.presign(r.key(), opus, served.extension(), now));
            if (r.audio() || r.screen()) {
                ArrayNode waveform = s.putArray("waveformData");
                for (int i = 0; i < 4; i++) {
                    waveform.add((float) (((r.key() * 31 + i * 17) % 100) / 100.0));
                }
                node.put("actualTranscodeTimeMs", 1000 + (r.key() * 37L) % 4000);
                node.put("outputDurationMs", outputDurationMs(r));
            }
            node.put("outputSizeInBytes", served.length());
        } else {
            node.putNull("mediaUris");
            node.put("outputSizeInBytes", 0);
        }
        Json.putDate(node, "archiveDate", live.archiveDate());
        if ("ARCHIVED".equals(state) || "RESTORING".equals(state) || "RESTORED".equals(state)) {
            node.put("archiveMedium", "CLOUDARCHIVE");
        }
        Json.putDate(node, "deleteDate", r.deleteDate());
        node.put("maxAllowedRestorationsForOrg", 10000);
        node.put("remainingRestorationsAllowedForOrg", 10000);
        node.put("sessionId", r.sessionId());
        node.put("recordingFileRole", "CUSTOMER_EXPERIENCE");
        if ("ERROR".equals(state)) {
            node.put("recordingErrorStatus", "EMAIL_TRANSCRIPT_TOO_LARGE");
        }
        node.put("creationTime", Json.date(r.start()));
        node.put("selfUri", r.selfUri());
        return node;
    }

    /** The 202 body of a single recording still transcoding: no media yet, an estimate of the time left. */
    ObjectNode transcoding(LiveRecording live, Instant now) {
        SeededRecording r = live.seeded;
        ObjectNode node = Json.object();
        node.put("id", r.id());
        node.put("conversationId", r.conversationId());
        node.put("media", r.media());
        putSubtype(node, r);
        node.put("fileState", live.fileState(now));
        node.putNull("mediaUris");
        node.put("estimatedTranscodeTimeMs", Math.max(1, Duration.between(now, live.transcodedAt(now)).toMillis()));
        node.put("sessionId", r.sessionId());
        node.put("selfUri", r.selfUri());
        return node;
    }

    /** RecordingMetadata: no media URIs; startTime only for screen recordings (as the model documents). */
    ObjectNode metadata(LiveRecording live, Instant now) {
        SeededRecording r = live.seeded;
        String state = live.fileState(now);
        ObjectNode node = Json.object();
        node.put("id", r.id());
        node.put("conversationId", r.conversationId());
        Json.putDate(node, "startTime", r.screen() ? r.start() : null);
        Json.putDate(node, "endTime", r.end());
        node.put("media", r.media());
        putSubtype(node, r);
        if ("AVAILABLE".equals(state)) {
            node.putArray("annotations");
        }
        node.put("fileState", state);
        Instant restoreExpiration = live.restoreExpirationTime(now);
        if (restoreExpiration != null) {
            node.put("restoreExpirationTime", Json.date(restoreExpiration));
        }
        Json.putDate(node, "archiveDate", live.archiveDate());
        if ("ARCHIVED".equals(state) || "RESTORING".equals(state) || "RESTORED".equals(state)) {
            node.put("archiveMedium", "CLOUDARCHIVE");
        }
        Json.putDate(node, "deleteDate", r.deleteDate());
        node.put("maxAllowedRestorationsForOrg", 10000);
        node.put("remainingRestorationsAllowedForOrg", 10000);
        node.put("sessionId", r.sessionId());
        node.put("region", REGION);
        node.put("selfUri", r.selfUri());
        return node;
    }

    /**
     * GET /api/v2/conversations/{id}: participants with their attributes and calls. A call in progress has no
     * {@code endTime}, nor has a participant still connected; a participant who has not joined yet is not there.
     */
    ObjectNode conversation(SeededConversation c, Instant now) {
        ObjectNode node = Json.object();
        node.put("id", c.id());
        node.put("startTime", Json.date(c.start()));
        Json.putDate(node, "endTime", ended(c.end(), now));
        ArrayNode participants = node.putArray("participants");
        for (SeededConversation.Participant p : c.participants()) {
            if (now.isBefore(p.start())) {
                continue;
            }
            boolean connected = now.isBefore(p.end());
            ObjectNode pn = participants.addObject();
            pn.put("id", p.id());
            pn.put("startTime", Json.date(p.start()));
            Json.putDate(pn, "endTime", ended(p.end(), now));
            pn.put("connectedTime", Json.date(p.start()));
            pn.put("name", p.name());
            if (p.userId() != null) {
                pn.put("userId", p.userId());
            }
            pn.put("purpose", p.purpose());
            pn.put("participantType", "agent".equals(p.purpose()) ? "Internal" : "External");
            pn.put("address", p.ani());
            pn.put("ani", p.ani());
            pn.put("dnis", p.dnis());
            if (p.queue() != null) {
                pn.put("queueId", p.queueId());
                pn.put("queueName", p.queue());
            }
            ObjectNode attributes = pn.putObject("attributes");
            p.attributes().forEach(attributes::put);
            // the participant's session sits in the list of its media type: a call, or an email, chat or message
            ArrayNode calls = pn.putArray("calls");
            pn.putArray("callbacks");
            ArrayNode chats = pn.putArray("chats");
            ArrayNode emails = pn.putArray("emails");
            ArrayNode messages = pn.putArray("messages");
            boolean voice = "voice".equals(p.mediaType());
            ObjectNode call = switch (p.mediaType()) {
                case "email" -> emails.addObject();
                case "chat" -> chats.addObject();
                case "message" -> messages.addObject();
                default -> calls.addObject();
            };
            call.put("id", p.sessionId());
            // a call ends "terminated"; an email, chat or message "disconnected" (their SDK enums have no terminated)
            call.put("state", connected ? "connected" : voice ? "terminated" : "disconnected");
            if (voice) {
                call.put("recording", true);
                call.put("recordingState", "none");
            }
            if (p.recordingId() != null) {
                call.put("recordingId", p.recordingId());
            }
            call.put("direction", p.direction());
            if (!connected) {
                call.put("disconnectType", "endpoint");
            }
            call.put("connectedTime", Json.date(p.start()));
            Json.putDate(call, "disconnectedTime", ended(p.end(), now));
            if (p.screenRecording()) {
                pn.put("screenRecordingState", "stopped");
            }
        }
        node.putArray("conversationIds");
        node.put("maxParticipants", 10);
        node.put("recordingState", "NONE");
        ArrayNode divisions = node.putArray("divisions");
        ObjectNode division = divisions.addObject();
        ObjectNode d = division.putObject("division");
        d.put("id", c.divisionId());
        d.put("selfUri", "/api/v2/authorization/divisions/" + c.divisionId());
        division.putArray("entities");
        node.put("selfUri", "/api/v2/conversations/" + c.id());
        return node;
    }

    /**
     * An analytics conversation. The synchronous query and the single lookup give
     * AnalyticsConversationWithoutAttributes (no participant attributes); async job results include them.
     */
    ObjectNode analytics(SeededConversation c, boolean withAttributes, Instant now) {
        ObjectNode node = Json.object();
        node.put("conversationId", c.id());
        node.put("conversationStart", Json.date(c.start()));
        // a conversation in progress has no conversationEnd yet
        Json.putDate(node, "conversationEnd", ended(c.end(), now));
        node.put("originatingDirection", c.originatingDirection());
        node.putArray("divisionIds").add(c.divisionId());
        node.put("mediaStatsMinConversationMos", 4.2 + Math.floorMod(c.id().hashCode(), 30) / 100.0);
        ArrayNode participants = node.putArray("participants");
        for (SeededConversation.Participant p : c.participants()) {
            if (now.isBefore(p.start())) {
                continue;
            }
            ObjectNode pn = participants.addObject();
            pn.put("participantId", p.id());
            pn.put("participantName", p.name());
            pn.put("purpose", p.purpose());
            if (p.userId() != null) {
                pn.put("userId", p.userId());
            }
            if ("agent".equals(p.purpose())) {
                pn.put("screenRecording", p.screenRecording());
            }
            if (withAttributes && !p.attributes().isEmpty()) {
                ObjectNode attributes = pn.putObject("attributes");
                p.attributes().forEach(attributes::put);
            }
            ArrayNode sessions = pn.putArray("sessions");
            ObjectNode s = sessions.addObject();
            s.put("sessionId", p.sessionId());
            s.put("mediaType", p.mediaType());
            s.put("direction", p.direction());
            s.put("ani", p.ani());
            s.put("dnis", p.dnis());
            s.put("provider", "Edge");
            s.put("recording", true);
            ArrayNode segments = s.putArray("segments");
            String type = switch (p.purpose()) {
                case "ivr" -> "ivr";
                case "agent" -> "interact";
                default -> "interact";
            };
            if ("agent".equals(p.purpose())) {
                Instant alertEnd = p.start().plusSeconds(Math.min(8, Math.max(0, (p.end().getEpochSecond() - p.start().getEpochSecond()) / 4)));
                segment(segments, p.start(), alertEnd, "alert");
                segment(segments, alertEnd, ended(p.end(), now), type);
                if (p.queue() != null) {
                    // analytics names the queue by id on the agent's segments
                    for (com.fasterxml.jackson.databind.JsonNode seg : segments) {
                        ((ObjectNode) seg).put("queueId", p.queueId());
                    }
                }
            } else {
                segment(segments, p.start(), ended(p.end(), now), type);
            }
            if (p.screenRecording()) {
                ObjectNode screen = sessions.addObject();
                screen.put("sessionId", p.screenSessionId());
                screen.put("mediaType", "screenshare");
                screen.put("recording", false);
                segment(screen.putArray("segments"), p.start(), ended(p.end(), now), "interact");
            }
        }
        return node;
    }

    /** Trunk, Consult, Screen; none for email, chat and messaging (the enum has no value for them). */
    private static void putSubtype(ObjectNode node, SeededRecording r) {
        if (r.mediaSubtype() != null) {
            node.put("mediaSubtype", r.mediaSubtype());
        }
    }

    /** An end that has not come yet is not known: null. */
    private static Instant ended(Instant end, Instant now) {
        return now.isBefore(end) ? null : end;
    }

    private static void segment(ArrayNode segments, Instant start, Instant end, String type) {
        ObjectNode segment = segments.addObject();
        segment.put("segmentStart", Json.date(start));
        Json.putDate(segment, "segmentEnd", end);
        segment.put("segmentType", type);
    }

    static long outputDurationMs(SeededRecording r) {
        // the WAV served is 8 kHz 16-bit mono; a screen recording keeps the call's duration
        return r.audio() ? r.direct().contentBytes() / MediaGenerator.WAV_BYTES_PER_MS : r.durationMs();
    }

    private Instant conversationStart(SeededRecording r) {
        SeededConversation c = org.seeded.conversation(r.conversationId());
        return c == null ? r.start() : c.start();
    }

    /** The org id (for organizations/me and the bag writer's Source-Organization). */
    String orgId() {
        return org.seeded.orgId();
    }
}
