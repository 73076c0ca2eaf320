package dev.holdfast.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.download.MediaFile;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.resolve.RecordingWork;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Prepares what route {@code store} hands to the destination: the recording's key (planned in the ledger
 * before the first byte leaves, so a crashed attempt is found again, never written twice), its sidecar, and
 * the ledger's DELIVERED once the destination has confirmed both.
 */
public final class Shipment {

    public static final String KEY = "HoldfastKey";
    public static final String SHA256 = "HoldfastSha256";
    public static final String SIZE = "HoldfastSize";
    public static final String CONTENT_TYPE = "HoldfastContentType";
    public static final String LOCATION = "HoldfastLocation";
    public static final String RUN = "holdfastRun";

    private final Ledger ledger;
    private final ObjectMapper json;
    private final String formatRequested;
    private final String version;

    public Shipment(Ledger ledger, ObjectMapper json, String formatRequested, String version) {
        this.ledger = ledger;
        this.json = json;
        this.formatRequested = formatRequested;
        this.version = version;
    }

    /** Body: the spooled media; sets the key and integrity headers and leaves the spool file as the body. */
    public void media(Exchange exchange) {
        RunContext run = exchange.getProperty(RUN, RunContext.class);
        RecordingWork work = exchange.getProperty(Outcomes.WORK, RecordingWork.class);
        MediaFile media = exchange.getMessage().getBody(MediaFile.class);
        exchange.setProperty(Outcomes.MEDIA, media);
        String key = plannedKey(run, work, media);
        Message message = exchange.getMessage();
        message.setHeader(KEY, key);
        message.setHeader(SHA256, media.sha256());
        message.setHeader(SIZE, media.size());
        message.setHeader(CONTENT_TYPE, media.contentType());
        message.setBody(media.file().toFile());
    }

    /** Body: the sidecar JSON of the recording just delivered, with its own key and hash. */
    public void sidecar(Exchange exchange) {
        RecordingWork work = exchange.getProperty(Outcomes.WORK, RecordingWork.class);
        MediaFile media = exchange.getProperty(Outcomes.MEDIA, MediaFile.class);
        Message message = exchange.getMessage();
        String mediaKey = message.getHeader(KEY, String.class);
        exchange.setProperty("holdfastMediaKey", mediaKey);
        exchange.setProperty("holdfastMediaLocation", message.getHeader(LOCATION, String.class));
        String text = sidecarJson(work, media);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        message.setHeader(KEY, mediaKey.substring(0, mediaKey.lastIndexOf('.')) + ".json");
        message.setHeader(SHA256, sha256(bytes));
        message.setHeader(SIZE, (long) bytes.length);
        message.setHeader(CONTENT_TYPE, "application/json");
        message.setBody(text);
    }

    /** Both objects are confirmed at the destination: the recording is DELIVERED; the spool file goes. */
    public Ledger.Delivery delivered(Exchange exchange) {
        RecordingWork work = exchange.getProperty(Outcomes.WORK, RecordingWork.class);
        MediaFile media = exchange.getProperty(Outcomes.MEDIA, MediaFile.class);
        String key = exchange.getProperty("holdfastMediaKey", String.class);
        String bag = key.substring(0, key.indexOf('/'));
        try {
            Files.deleteIfExists(media.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Ledger.Delivery(key, bag, media.sha256(), media.size(), media.contentType(), media.path(),
                exchange.getProperty("holdfastMediaLocation", String.class));
    }

    /** The key of an earlier attempt if it had one for the same format (it may be there already), else a new one. */
    private String plannedKey(RunContext run, RecordingWork work, MediaFile media) {
        LocalDate day = LocalDate.ofInstant(work.conversationStart(), ZoneOffset.UTC);
        String fresh = KeyBuilder.payloadKey(run.runId(), day, work.conversationId(), work.recordingId(), media.contentType());
        String earlier = ledger.row(work.conversationId(), work.recordingId()).map(LedgerRow::destinationKey).orElse(null);
        String ext = fresh.substring(fresh.lastIndexOf('.'));
        String key = earlier != null && earlier.endsWith(ext) ? earlier : fresh;
        ledger.planKey(work.conversationId(), work.recordingId(), key, key.substring(0, key.indexOf('/')));
        return key;
    }

    private String sidecarJson(RecordingWork work, MediaFile media) {
        ObjectNode sidecar = json.createObjectNode();
        sidecar.put("conversationId", work.conversationId());
        sidecar.put("recordingId", work.recordingId());
        sidecar.put("sha256", media.sha256());
        sidecar.put("size", media.size());
        sidecar.put("contentType", media.contentType());
        sidecar.put("path", media.path());
        sidecar.put("formatRequested", formatRequested);
        sidecar.put("formatDelivered", formatDelivered(media));
        sidecar.put("mediaHost", media.mediaHost());
        sidecar.put("retrievedAt", media.retrievedAt().toString());
        sidecar.put("holdfastVersion", version);
        JsonNode raw = work.recording().raw();
        ObjectNode recording = raw.isObject() ? ((ObjectNode) raw).deepCopy() : json.createObjectNode();
        recording.remove("mediaUris");
        sidecar.set("recording", recording);
        sidecar.set("conversation", ledger.conversationSummary(work.conversationId()).map(this::read).orElse(json.nullNode()));
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(sidecar) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String formatDelivered(MediaFile media) {
        if (media.path().equals("direct")) {
            return formatRequested;
        }
        // the batch path serves the trunk's original codec, not the format asked for: say which
        String type = media.contentType().toLowerCase();
        return type.contains("ogg") ? "OGG" : type.contains("wav") ? "WAV" : type.contains("webm") ? "WEBM"
                : type.contains("mpeg") ? "MP3" : type;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
