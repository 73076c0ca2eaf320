package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code <recordingId>.json} sidecar beside each media file: what was fetched, how, from where and when, with
 * the Genesys recording and conversation metadata. Media URIs and any value that carries a URL signature are
 * stripped, so the sidecar never holds a credential.
 *
 * @param conversationId  the Genesys conversation id
 * @param recordingId     the Genesys recording id
 * @param sha256          hex SHA-256 of the media bytes, computed in stream
 * @param size            media size in bytes
 * @param contentType     the media's content type as served
 * @param path            which way it was fetched: {@code direct}, {@code batch} or {@code inline} (a chat's or
 *                        messaging's transcript, kept from the recording's API answer)
 * @param formatRequested the Genesys {@code formatId} asked for
 * @param formatDelivered the format actually delivered (the batch fallback gives the trunk's original codec)
 * @param mediaHost       the host the media came from: a host name only, never a URL
 * @param retrievedAt     when the media was read
 * @param holdfastVersion the exporter's version
 * @param recording       the Genesys recording object as the API returned it
 * @param conversation    the Genesys conversation (analytics or conversation record), reduced to start, end and
 *                        participants with their purpose and attributes
 * @param fsync           how the destination put the media on stable storage ({@code fsync} for a folder,
 *                        {@code fsync@openssh.com}, or {@code not-offered} for an SFTP server without it), or
 *                        {@code null} when there was nothing to ask (S3): the field is then left out
 * @param files           every file of the recording (its original and its review copy), or {@code null} for a
 *                        sidecar that names only the file above: the field is then left out
 * @param md5             hex MD5 of the media bytes, computed in the same pass as the SHA-256 ({@code null}: not known,
 *                        left out)
 * @param sha1            hex SHA-1 of the media bytes, likewise
 */
public record Sidecar(String conversationId, String recordingId, String sha256, long size, String contentType,
                      String path, String formatRequested, String formatDelivered, String mediaHost,
                      Instant retrievedAt, String holdfastVersion, JsonNode recording, JsonNode conversation,
                      String fsync, java.util.List<SidecarFile> files, String md5, String sha1) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Query parameters that make a URL a credential (AWS SigV4, CloudFront, Azure SAS, Google), also when escaped. */
    private static final Pattern SIGNED = Pattern.compile(
            "(?:[?&]|%3f|%26)(x-amz-signature|x-amz-credential|x-amz-security-token|signature|policy|key-pair-id"
                    + "|sig|x-goog-signature|x-goog-credential)(?:=|%3d)",
            Pattern.CASE_INSENSITIVE);

    private static final Set<String> PATHS = Set.of("direct", "batch", "inline");

    /** A sidecar of one file, named by the fields above. */
    public Sidecar(String conversationId, String recordingId, String sha256, long size, String contentType,
                   String path, String formatRequested, String formatDelivered, String mediaHost,
                   Instant retrievedAt, String holdfastVersion, JsonNode recording, JsonNode conversation, String fsync) {
        this(conversationId, recordingId, sha256, size, contentType, path, formatRequested, formatDelivered, mediaHost,
                retrievedAt, holdfastVersion, recording, conversation, fsync, null, null, null);
    }

    /** A sidecar that says nothing of how the media was synced. */
    public Sidecar(String conversationId, String recordingId, String sha256, long size, String contentType,
                   String path, String formatRequested, String formatDelivered, String mediaHost,
                   Instant retrievedAt, String holdfastVersion, JsonNode recording, JsonNode conversation) {
        this(conversationId, recordingId, sha256, size, contentType, path, formatRequested, formatDelivered, mediaHost,
                retrievedAt, holdfastVersion, recording, conversation, null);
    }

    /** A sidecar of one file with the media's MD5 and SHA-1 from the same pass as its SHA-256. */
    public Sidecar(String conversationId, String recordingId, String sha256, long size, String contentType,
                   String path, String formatRequested, String formatDelivered, String mediaHost,
                   Instant retrievedAt, String holdfastVersion, JsonNode recording, JsonNode conversation, String fsync,
                   String md5, String sha1) {
        this(conversationId, recordingId, sha256, size, contentType, path, formatRequested, formatDelivered, mediaHost,
                retrievedAt, holdfastVersion, recording, conversation, fsync, null, md5, sha1);
    }

    /** A sidecar of the files of a recording, without MD5 and SHA-1. */
    public Sidecar(String conversationId, String recordingId, String sha256, long size, String contentType,
                   String path, String formatRequested, String formatDelivered, String mediaHost,
                   Instant retrievedAt, String holdfastVersion, JsonNode recording, JsonNode conversation, String fsync,
                   java.util.List<SidecarFile> files) {
        this(conversationId, recordingId, sha256, size, contentType, path, formatRequested, formatDelivered, mediaHost,
                retrievedAt, holdfastVersion, recording, conversation, fsync, files, null, null);
    }

    /** The recording's annotations fields a reviewer needs to explain a gap in the audio (pause, hold, cut). */
    private static final List<String> ANNOTATION_FIELDS = List.of("id", "name", "type", "reason", "location", "durationMs",
            "absoluteLocation", "absoluteDurationMs", "recordingLocation", "recordingDurationMs");

    /** Participant facts the load file reads (who, from where, through which queue); kept when present. */
    private static final List<String> PARTICIPANT_FIELDS = List.of("name", "userId", "queueId", "queueName", "ani", "dnis");

    public Sidecar {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(recordingId, "recordingId");
        Sha256.requireHex(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size cannot be negative: " + size);
        }
        if (!PATHS.contains(path)) {
            throw new IllegalArgumentException("path must be direct, batch or inline: " + path);
        }
        if (mediaHost != null && !mediaHost.matches("[A-Za-z0-9.\\-]+(:[0-9]+)?")) {
            // a host, never a URL: a URL could carry its signature into the evidence
            throw new IllegalArgumentException("mediaHost must be a host name, not a URL");
        }
        Objects.requireNonNull(retrievedAt, "retrievedAt");
        files = files == null ? null : java.util.List.copyOf(files);
        if (md5 != null && !md5.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("md5 is not a lower-case hex MD5: " + md5);
        }
        if (sha1 != null && !sha1.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("sha1 is not a lower-case hex SHA-1: " + sha1);
        }
    }

    /** The sidecar as pretty-printed JSON, fields in the order of DESIGN.md section 5, ending with a line feed. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("conversationId", conversationId);
        root.put("recordingId", recordingId);
        root.put("sha256", sha256);
        if (md5 != null) {
            root.put("md5", md5);
        }
        if (sha1 != null) {
            root.put("sha1", sha1);
        }
        root.put("size", size);
        root.put("contentType", contentType);
        root.put("path", path);
        root.put("formatRequested", formatRequested);
        root.put("formatDelivered", formatDelivered);
        root.put("mediaHost", mediaHost);
        root.put("retrievedAt", retrievedAt.toString());
        root.put("holdfastVersion", holdfastVersion);
        if (fsync != null) {
            root.put("fsync", fsync);
        }
        if (files != null) {
            ArrayNode list = root.putArray("files");
            for (SidecarFile file : files) {
                ObjectNode one = list.addObject();
                one.put("role", file.role());
                one.put("path", file.path());
                one.put("sha256", file.sha256());
                if (file.md5() != null) {
                    one.put("md5", file.md5());
                }
                if (file.sha1() != null) {
                    one.put("sha1", file.sha1());
                }
                one.put("size", file.size());
                one.put("contentType", file.contentType());
                if (file.formatDelivered() != null) {
                    one.put("formatDelivered", file.formatDelivered());
                }
                one.put("derivedFrom", file.derivedFrom());
                if (file.bag() != null) {
                    one.put("bag", file.bag());
                }
            }
        }
        if (recording != null && recording.path("annotations").isArray()) {
            root.set("annotations", annotations(recording.path("annotations")));
        }
        root.set("recording", recording == null ? null : stripSigned(recording));
        root.set("conversation", conversation == null ? null : conversationSummary(conversation));
        DefaultIndenter lf = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf);
        try {
            return JSON.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    /** The sidecar's bytes as written to the destination (UTF-8). */
    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A copy without {@code mediaUris} (at any depth) and without any text value that carries a URL signature:
     * a presigned URL is a bearer credential while it lives, and evidence outlives it.
     */
    public static JsonNode stripSigned(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    /**
     * Pauses, holds and cuts as the recording lists them, each with where it lies in the conversation
     * ({@code absoluteLocation}) and in the recording's media ({@code location}, {@code recordingLocation}) and how
     * long it lasts ({@code durationMs}), in the order Genesys gave them: every gap in the audio explained.
     */
    public static ArrayNode annotations(JsonNode annotations) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode annotation : annotations) {
            ObjectNode one = out.addObject();
            for (String field : ANNOTATION_FIELDS) {
                if (annotation.has(field)) {
                    one.set(field, annotation.get(field).deepCopy());
                }
            }
        }
        return (ArrayNode) stripSigned(out);
    }

    /**
     * The conversation reduced to {@code start}, {@code end} and {@code participants} (id, purpose, and where known
     * name, userId, queueId, queueName, ani and dnis, then attributes),
     * from either the conversation record ({@code startTime}, {@code id}) or analytics ({@code conversationStart},
     * {@code participantId}); signed values stripped as for the recording.
     */
    public static JsonNode conversationSummary(JsonNode conversation) {
        ObjectNode out = JSON.createObjectNode();
        out.set("start", first(conversation, "conversationStart", "startTime", "start"));
        out.set("end", first(conversation, "conversationEnd", "endTime", "end"));
        ArrayNode participants = out.putArray("participants");
        for (JsonNode p : conversation.path("participants")) {
            ObjectNode one = participants.addObject();
            one.set("id", first(p, "participantId", "id"));
            one.set("purpose", first(p, "purpose"));
            for (String field : PARTICIPANT_FIELDS) {
                if (p.hasNonNull(field)) {
                    one.set(field, p.get(field).deepCopy());
                }
            }
            one.set("attributes", p.has("attributes") ? p.get("attributes").deepCopy() : JSON.createObjectNode());
        }
        return stripSigned(out);
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name)) {
                return node.get(name).deepCopy();
            }
        }
        return JSON.nullNode();
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("mediaUris") || signed(field.getValue())) {
                    fields.remove();
                } else {
                    strip(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (signed(array.get(i))) {
                    array.remove(i);
                } else {
                    strip(array.get(i));
                }
            }
        }
    }

    private static boolean signed(JsonNode value) {
        return value.isTextual() && SIGNED.matcher(value.asText()).find();
    }
}
