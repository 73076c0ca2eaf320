package dev.holdfast.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.integrity.Digests;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a bag's load files, made of what the bag itself holds: one row per payload file, in the manifest's
 * order, its path and SHA-256 from the manifest and the rest from the sidecar of its recording (the media's MD5
 * and SHA-1, the recording's start, duration and media type, the conversation's participants, queue and hold).
 * The sealer writes these rows and {@code verify} makes them again from the bag to compare: the same sidecars and
 * manifest give the same bytes.
 *
 * <p>ControlNumber is the file's name ({@code <recordingId>.<ext>}, {@code <recordingId>.json} for the sidecar):
 * recording ids are Genesys UUIDs and a recording is delivered once, so it is unique across bags and the same
 * whenever the rows are made again. A file the sidecar lists as derived from another ({@code files[].derivedFrom},
 * a review copy made from the original) names that file's ControlNumber as its ParentControlNumber.
 */
public final class LoadFileRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String LIST = "; ";

    private LoadFileRows() {
    }

    /** Whether a payload path is a recording's sidecar: {@code <recordingId>.json} (a transcript has a longer name). */
    public static boolean isSidecar(String pathInBag) {
        String name = name(pathInBag);
        return name.endsWith(".json") && name.indexOf('.') == name.length() - ".json".length();
    }

    /**
     * @param payload       the bag's payload files, as its manifest lists them
     * @param sidecars      each sidecar's bytes by its path in the bag ({@code data/…/<recordingId>.json})
     * @param holdAttribute the participant attribute that marks a held call
     */
    public static List<LoadFile.Row> of(List<PayloadFile> payload, Map<String, byte[]> sidecars, String holdAttribute) {
        List<LoadFile.Row> rows = new ArrayList<>();
        for (PayloadFile file : payload.stream().sorted(Comparator.comparing(PayloadFile::pathInBag)).toList()) {
            rows.add(row(file, sidecars, holdAttribute));
        }
        return rows;
    }

    private static LoadFile.Row row(PayloadFile file, Map<String, byte[]> sidecars, String holdAttribute) {
        String path = file.pathInBag();
        String name = name(path);
        String folder = path.substring(0, path.length() - name.length());
        String recordingId = name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
        String sidecarPath = folder + recordingId + ".json";
        byte[] sidecarBytes = sidecars.get(sidecarPath);
        JsonNode sidecar = read(sidecarBytes);
        JsonNode recording = sidecar.path("recording");
        JsonNode conversation = sidecar.path("conversation");
        boolean isSidecar = path.equals(sidecarPath);

        String md5 = "";
        String sha1 = "";
        String parent = "";
        if (isSidecar) {
            Digests own = Digests.of(sidecarBytes);
            md5 = own.md5();
            sha1 = own.sha1();
        } else {
            JsonNode entry = fileEntry(sidecar, name);
            if (entry != null) {
                md5 = text(entry, "md5");
                sha1 = text(entry, "sha1");
                parent = parentOf(sidecar, entry);
            }
            if (md5.isEmpty() && file.sha256().equals(text(sidecar, "sha256"))) {
                md5 = text(sidecar, "md5");
            }
            if (sha1.isEmpty() && file.sha256().equals(text(sidecar, "sha256"))) {
                sha1 = text(sidecar, "sha1");
            }
        }
        String conversationId = first(text(sidecar, "conversationId"), name(folder.substring(0, Math.max(0, folder.length() - 1))));
        List<String> values = List.of(
                name,
                conversationId,
                parent,
                path,
                name,
                name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "",
                isSidecar ? "metadata" : media(recording, sidecar),
                start(recording, conversation),
                duration(recording),
                contact(conversation, "ani"),
                contact(conversation, "dnis"),
                people(conversation, false),
                people(conversation, true),
                queues(conversation),
                conversationId,
                first(text(sidecar, "recordingId"), recordingId),
                hold(conversation, holdAttribute),
                md5,
                sha1,
                file.sha256());
        return new LoadFile.Row(values);
    }

    /** The sidecar's {@code files} entry for this file name, or {@code null} (a sidecar of one file has none). */
    private static JsonNode fileEntry(JsonNode sidecar, String name) {
        for (JsonNode entry : sidecar.path("files")) {
            if (name.equals(name(text(entry, "path")))) {
                return entry;
            }
        }
        return null;
    }

    /** The ControlNumber of the file an entry derives from: named by its path or its role. */
    private static String parentOf(JsonNode sidecar, JsonNode entry) {
        String from = text(entry, "derivedFrom");
        if (from.isEmpty()) {
            return "";
        }
        for (JsonNode other : sidecar.path("files")) {
            String otherName = name(text(other, "path"));
            if (other != entry && (name(from).equals(otherName) || from.equals(text(other, "role")))) {
                return otherName;
            }
        }
        return name(from);
    }

    /** The recording's {@code media}; when the sidecar kept no recording object, the kind its content type says. */
    private static String media(JsonNode recording, JsonNode sidecar) {
        String media = text(recording, "media");
        if (!media.isEmpty()) {
            return media;
        }
        String type = text(sidecar, "contentType");
        return type.startsWith("audio/") ? "audio" : type.startsWith("video/") ? "screen"
                : type.startsWith("message/rfc822") ? "email" : "";
    }

    private static String start(JsonNode recording, JsonNode conversation) {
        String at = first(text(recording, "startTime"), text(conversation, "start"));
        try {
            return at.isEmpty() ? "" : UTC.format(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    /** Seconds of the media as Genesys transcoded it, else from the recording's start to its end. */
    private static String duration(JsonNode recording) {
        long ms;
        if (recording.path("outputDurationMs").canConvertToLong() && recording.path("outputDurationMs").isNumber()) {
            ms = recording.path("outputDurationMs").asLong();
        } else {
            try {
                ms = Duration.between(Instant.parse(text(recording, "startTime")), Instant.parse(text(recording, "endTime"))).toMillis();
            } catch (DateTimeParseException e) {
                return "";
            }
        }
        return BigDecimal.valueOf(ms).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** ANI or DNIS: the customer's (the caller or the called party), else the first participant's that has one. */
    private static String contact(JsonNode conversation, String field) {
        String any = "";
        for (JsonNode p : conversation.path("participants")) {
            String value = text(p, field);
            String purpose = text(p, "purpose");
            if (!value.isEmpty() && (purpose.equals("customer") || purpose.equals("external"))) {
                return value;
            }
            any = any.isEmpty() ? value : any;
        }
        return any;
    }

    /** Every participant's name (with its user id when it is a user), or the users alone: the custodians. */
    private static String people(JsonNode conversation, boolean usersOnly) {
        Set<String> people = new LinkedHashSet<>();
        for (JsonNode p : conversation.path("participants")) {
            String userId = text(p, "userId");
            if (usersOnly && userId.isEmpty()) {
                continue;
            }
            String name = first(text(p, "name"), text(p, "purpose"));
            people.add(userId.isEmpty() ? name : name + " (" + userId + ")");
        }
        return String.join(LIST, people);
    }

    private static String queues(JsonNode conversation) {
        Set<String> queues = new LinkedHashSet<>();
        for (JsonNode p : conversation.path("participants")) {
            String queue = first(text(p, "queueName"), text(p, "queueId"));
            if (!queue.isEmpty()) {
                queues.add(queue);
            }
        }
        return String.join(LIST, queues);
    }

    /** The hold attribute as the conversation carries it: {@code legal_hold=true}. */
    private static String hold(JsonNode conversation, String holdAttribute) {
        Set<String> found = new LinkedHashSet<>();
        for (JsonNode p : conversation.path("participants")) {
            JsonNode value = p.path("attributes").path(holdAttribute == null ? "" : holdAttribute);
            if (value.isValueNode() && !value.isNull()) {
                found.add(holdAttribute + "=" + value.asText());
            }
        }
        return String.join(LIST, found);
    }

    private static JsonNode read(byte[] bytes) {
        if (bytes == null) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : "";
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
