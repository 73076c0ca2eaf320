package dev.holdfast.deliver;

import dev.holdfast.safety.GenesysIds;
import dev.holdfast.safety.InvalidIdException;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds the destination keys of DESIGN.md section 5 from validated ids: the only place a key is put together. */
public final class KeyBuilder {

    /** Every Holdfast bag's folder starts with this. */
    public static final String BAG_PREFIX = "holdfast-";
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private static final Map<String, String> EXTENSIONS = Map.of(
            "audio/wav", "wav",
            "audio/x-wav", "wav",
            "audio/ogg", "ogg",
            "audio/webm", "webm",
            "video/webm", "webm",
            "audio/mpeg", "mp3",
            "audio/opus", "opus",
            // the other media of a held conversation (DESIGN.md section 8): email as EML, chat and messaging as ZIP
            "message/rfc822", "eml",
            "application/zip", "zip");

    private KeyBuilder() {
    }

    /** {@code holdfast-<runId>}: the bag's folder under the destination root. */
    public static String bagRoot(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new InvalidIdException("runId", runId, "1 to 64 letters, digits and '-' (such as 20261126T0840Z-1a2b)");
        }
        return bagName(runId);
    }

    /**
     * {@code holdfast-<runId>} of a run id its caller has already checked, by its own rule: a run of this exporter
     * ({@link #bagRoot}'s rule), or a bag read back by verify (BagPaths' wider rule).
     */
    public static String bagName(String checkedRunId) {
        return BAG_PREFIX + checkedRunId;
    }

    /** {@code <bag>/<name>}: a file of the bag, a tag file such as {@code tagmanifest-sha256.txt} or {@code data}. */
    public static String bagFile(String bag, String name) {
        return bag + "/" + name;
    }

    /** A key inside its bag: the path after the bag's folder ({@code data/...} or a tag file's name). */
    public static String inBag(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    /**
     * The sidecar of a delivered payload key: the same key with {@code .json} for its extension, and without the
     * {@code .original} of a stored original ({@code <recordingId>.json} describes both files of a recording).
     */
    public static String sidecarKeyOf(String mediaKey) {
        String base = mediaKey.substring(0, mediaKey.lastIndexOf('.'));
        for (String role : ROLE_SUFFIXES) {
            if (base.endsWith(role)) {
                base = base.substring(0, base.length() - role.length());
            }
        }
        return base + ".json";
    }

    /** Name parts between a recording's id and the extension (DESIGN.md section 8). */
    private static final java.util.List<String> ROLE_SUFFIXES = java.util.List.of(".original", ".transcript");

    /** {@code holdfast-<runId>/data/<yyyy-mm-dd>/<conversationId>/<recordingId>.transcript.json}: an inline transcript. */
    public static String transcriptKey(String runId, LocalDate conversationDateUtc, String conversationId, String recordingId) {
        return recordingBase(runId, conversationDateUtc, conversationId, recordingId) + ".transcript.json";
    }

    /** {@code holdfast-<runId>/data/<yyyy-mm-dd>/<conversationId>/<recordingId>.original.<ext>}: a stored original. */
    public static String originalKey(String runId, LocalDate conversationDateUtc, String conversationId,
                                     String recordingId, String contentType) {
        return recordingBase(runId, conversationDateUtc, conversationId, recordingId) + ".original." + extension(contentType);
    }

    /** {@code holdfast-<runId>/data/<yyyy-mm-dd>/<conversationId>/<recordingId>.<ext>}, ext from the content type. */
    public static String payloadKey(String runId, LocalDate conversationDateUtc, String conversationId,
                                    String recordingId, String contentType) {
        return recordingBase(runId, conversationDateUtc, conversationId, recordingId) + "." + extension(contentType);
    }

    /** The sidecar beside the payload: same key with {@code .json}. */
    public static String sidecarKey(String runId, LocalDate conversationDateUtc, String conversationId,
                                    String recordingId) {
        return recordingBase(runId, conversationDateUtc, conversationId, recordingId) + ".json";
    }

    /** The file extension for a media content type (DESIGN.md section 5); parameters such as {@code ;codecs=} ignored. */
    public static String extension(String contentType) {
        if (contentType == null) {
            return "bin";
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return EXTENSIONS.getOrDefault(bare, "bin");
    }

    private static String recordingBase(String runId, LocalDate conversationDateUtc, String conversationId,
                                        String recordingId) {
        String root = bagRoot(runId);
        String conversation = GenesysIds.requireUuid("conversationId", conversationId);
        String recording = GenesysIds.requireUuid("recordingId", recordingId);
        return bagFile(root, "data/" + day(conversationDateUtc) + "/" + conversation + "/" + recording);
    }

    private static String day(LocalDate date) {
        if (date == null) {
            throw new IllegalArgumentException("conversation date is missing");
        }
        // ISO_LOCAL_DATE writes years past 9999 with a sign: the folder name must stay yyyy-mm-dd
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new IllegalArgumentException("conversation date " + date + " is outside the years 0001-9999");
        }
        return String.format(Locale.ROOT, "%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }
}
