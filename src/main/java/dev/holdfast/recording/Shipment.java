package dev.holdfast.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.holdfast.config.RouteKeys;
import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.integrity.Sha256;
import dev.holdfast.custody.Sidecar;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.download.InlineTranscripts;
import dev.holdfast.download.MediaFile;
import dev.holdfast.ledger.LeaseLostException;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerFile;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;
import dev.holdfast.custody.SidecarFile;
import dev.holdfast.resolve.RecordingWork;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * Prepares what route {@code store} hands to the destination: the recording's key (planned in the ledger
 * with its SHA-256 before the first byte leaves, so a crashed attempt is found again and never written
 * twice), its sidecar, and what the ledger records once the destination has confirmed both.
 */
public final class Shipment {


    private final Ledger ledger;
    private final DestinationReader destination;
    private final CustodyRecorder custody;
    private final ObjectMapper json;
    private final String formatRequested;
    private final String version;
    private final MediaKinds kinds;

    /** Exchange properties: the file's role, whether it is a review copy sent ahead of its original, a delivery note. */
    static final String ROLE = "holdfastFileRole";
    static final String REVIEW_AHEAD = RouteKeys.REVIEW_AHEAD;
    static final String AUDIO = "holdfastAudio";
    static final String NOTE = "holdfastDeliveryNote";
    static final String FORMAT_DELIVERED = "holdfastFormatDelivered";

    public Shipment(Ledger ledger, DestinationReader destination, CustodyRecorder custody, ObjectMapper json,
                    String formatRequested, String version, MediaKinds kinds) {
        this.kinds = kinds;
        this.ledger = ledger;
        this.destination = destination;
        this.custody = custody;
        this.json = json;
        this.formatRequested = formatRequested;
        this.version = version;
    }

    /** Body: the spooled media; sets the key and integrity headers and leaves the spool file as the body. */
    public void media(Exchange exchange) {
        RunContext run = exchange.getProperty(RouteKeys.RUN, RunContext.class);
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        MediaFile media = exchange.getMessage().getBody(MediaFile.class);
        exchange.setProperty(RouteKeys.MEDIA, media);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sha256", media.sha256());
        details.put("size", media.size());
        details.put("contentType", media.contentType());
        details.put("path", media.path());
        details.put("mediaHost", media.mediaHost());
        // a stored original comes by batch download; the media URL serves the review copy of an audio recording
        boolean audio = MediaKinds.audio(work, media.contentType());
        String role = "direct".equals(media.path()) && audio ? LedgerFile.REVIEW : LedgerFile.ORIGINAL;
        boolean reviewAhead = LedgerFile.REVIEW.equals(role) && kinds.awaitsOriginal(work, media.path());
        exchange.setProperty(ROLE, role);
        exchange.setProperty(AUDIO, audio);
        exchange.setProperty(REVIEW_AHEAD, reviewAhead);
        // read while the spool file is surely there: its first bytes name the codec where the content type cannot
        exchange.setProperty(FORMAT_DELIVERED, DeliveredFormat.of(media));
        details.put("role", role);
        // planned first: a node that lost the recording's lease records no custody of it
        String key = reviewAhead ? plannedReviewKey(run, work, media)
                : plannedKey(run, work, media, audio && LedgerFile.ORIGINAL.equals(role));
        custody.record(run, CustodyEvent.DOWNLOADED, work.conversationId(), work.recordingId(), details);
        Message message = exchange.getMessage();
        message.setHeader(RouteKeys.KEY, key);
        message.setHeader(RouteKeys.SHA256, media.sha256());
        message.setHeader(RouteKeys.SIZE, media.size());
        message.setHeader(RouteKeys.CONTENT_TYPE, media.contentType());
        message.setBody(media.file().toFile());
    }

    /**
     * The destination confirmed the media: where it is, kept as properties, so that the steps after it (further
     * copies an integration team adds) can change the message without changing what is recorded.
     */
    public void mediaConfirmed(Exchange exchange) {
        Message message = exchange.getMessage();
        exchange.setProperty(RouteKeys.MEDIA_KEY, message.getHeader(RouteKeys.KEY, String.class));
        exchange.setProperty(RouteKeys.MEDIA_LOCATION, message.getHeader(RouteKeys.LOCATION, String.class));
        exchange.setProperty(RouteKeys.MEDIA_ALREADY_PRESENT, Boolean.TRUE.equals(message.getHeader(RouteKeys.ALREADY_PRESENT, Boolean.class)));
        exchange.setProperty(RouteKeys.MEDIA_FSYNC, message.getHeader(RouteKeys.FSYNC, String.class));
    }

    /** Body: the sidecar JSON of the recording just delivered, with its own key and hash. */
    public void sidecar(Exchange exchange) {
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        MediaFile media = exchange.getProperty(RouteKeys.MEDIA, MediaFile.class);
        Message message = exchange.getMessage();
        String mediaKey = exchange.getProperty(RouteKeys.MEDIA_KEY, String.class);
        String sidecarKey = KeyBuilder.sidecarKeyOf(mediaKey);
        String fsync = exchange.getProperty(RouteKeys.MEDIA_FSYNC, String.class);
        byte[] bytes = Boolean.TRUE.equals(exchange.getProperty(RouteKeys.MEDIA_ALREADY_PRESENT, Boolean.class))
                ? existingSidecar(sidecarKey).orElseGet(() -> newSidecar(exchange, work, media, fsync, files(exchange, work, media, mediaKey)))
                : newSidecar(exchange, work, media, fsync, files(exchange, work, media, mediaKey));
        exchange.setProperty(NOTE, reviewMissing(exchange, work) ? Reason.REVIEW_COPY_UNAVAILABLE : null);
        // kept for the seal: the bag's load file is made of its sidecars, without reading them back
        ledger.keepSidecar(work.conversationId(), work.recordingId(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        message.setHeader(RouteKeys.KEY, sidecarKey);
        message.setHeader(RouteKeys.SHA256, Sha256.of(bytes));
        message.setHeader(RouteKeys.SIZE, (long) bytes.length);
        message.setHeader(RouteKeys.CONTENT_TYPE, "application/json");
        message.setBody(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    private byte[] newSidecar(Exchange exchange, RecordingWork work, MediaFile media, String fsync, List<SidecarFile> files) {
        // a transcript kept from the listing: the file was not asked for (NONE), the JSON is what came
        String requested = InlineTranscripts.PATH.equals(media.path()) ? "NONE" : formatRequested(work);
        return new Sidecar(work.conversationId(), work.recordingId(), media.sha256(), media.size(),
                media.contentType(), media.path(), requested, formatDelivered(exchange, media), media.mediaHost(),
                media.retrievedAt(), version, Sidecar.stripSigned(work.recording().raw()), conversation(work), fsync,
                files, media.md5(), media.sha1()).toBytes();
    }

    /** The format of the media as named when its spool file was first handed over (see {@link #media}). */
    private static String formatDelivered(Exchange exchange, MediaFile media) {
        String named = exchange.getProperty(FORMAT_DELIVERED, String.class);
        return named != null ? named : DeliveredFormat.of(media);
    }

    /** The files of the recording: the one just confirmed and, beside an original, its review copy if delivered. */
    private List<SidecarFile> files(Exchange exchange, RecordingWork work, MediaFile media, String mediaKey) {
        String role = exchange.getProperty(ROLE, LedgerFile.ORIGINAL, String.class);
        String bag = bagOf(mediaKey);
        List<SidecarFile> files = new ArrayList<>();
        files.add(new SidecarFile(role, KeyBuilder.inBag(mediaKey), media.sha256(), media.size(), media.contentType(),
                null, null, media.md5(), media.sha1(), formatDelivered(exchange, media)));
        if (LedgerFile.ORIGINAL.equals(role)) {
            // the review copy's MD5 and SHA-1 as the ledger kept them from its download: its bytes are gone from here
            review(work).ifPresent(review -> files.add(new SidecarFile(LedgerFile.REVIEW, KeyBuilder.inBag(review.key()),
                    review.sha256(), review.size(), review.contentType(), KeyBuilder.inBag(mediaKey),
                    bag.equals(review.bag()) ? null : review.bag(), review.md5(), review.sha1(), review.formatDelivered())));
        }
        return files;
    }

    /** An audio original delivered without the review copy asked for: Genesys served none (no media URL). */
    private boolean reviewMissing(Exchange exchange, RecordingWork work) {
        return kinds.review() && Boolean.TRUE.equals(exchange.getProperty(AUDIO, Boolean.class))
                && LedgerFile.ORIGINAL.equals(exchange.getProperty(ROLE, String.class)) && review(work).isEmpty();
    }

    private Optional<LedgerFile> review(RecordingWork work) {
        return ledger.filesOf(work.conversationId(), work.recordingId()).stream()
                .filter(f -> LedgerFile.REVIEW.equals(f.role()) && f.confirmed()).findFirst();
    }

    /**
     * The review copy of an audio recording is confirmed at the destination ahead of its original (which batch
     * download brings): the ledger records the file, the custody log its confirmation; the spool file goes.
     */
    public void reviewAhead(Exchange exchange) {
        RunContext run = exchange.getProperty(RouteKeys.RUN, RunContext.class);
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        MediaFile media = exchange.getProperty(RouteKeys.MEDIA, MediaFile.class);
        String key = exchange.getProperty(RouteKeys.MEDIA_KEY, String.class);
        ledger.confirmFile(work.conversationId(), work.recordingId(), LedgerFile.REVIEW, key);
        try {
            Files.deleteIfExists(media.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", LedgerFile.REVIEW);
        details.put("key", key);
        details.put("sha256", media.sha256());
        details.put("size", media.size());
        details.put("location", exchange.getProperty(RouteKeys.MEDIA_LOCATION, String.class));
        custody.record(run, CustodyEvent.CONFIRMED, work.conversationId(), work.recordingId(), details);
    }

    /** The review copy's key: an earlier attempt's when it planned the same bytes, else a new one in this run's bag. */
    private String plannedReviewKey(RunContext run, RecordingWork work, MediaFile media) {
        LocalDate day = LocalDate.ofInstant(work.conversationStart(), ZoneOffset.UTC);
        String fresh = KeyBuilder.payloadKey(run.runId(), day, work.conversationId(), work.recordingId(), media.contentType());
        String key = ledger.filesOf(work.conversationId(), work.recordingId()).stream()
                .filter(f -> LedgerFile.REVIEW.equals(f.role()) && media.sha256().equals(f.sha256()))
                .map(LedgerFile::key).findFirst().orElse(fresh);
        if (!ledger.planFile(run.node(), new LedgerFile(work.conversationId(), work.recordingId(), LedgerFile.REVIEW, key,
                bagOf(key), media.sha256(), media.size(), contentType(media), media.path(), false, media.md5(), media.sha1(),
                DeliveredFormat.of(media)))) {
            throw new LeaseLostException(work.conversationId(), work.recordingId(), run.node());
        }
        return key;
    }

    private static String bagOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static String contentType(MediaFile media) {
        return media.contentType() == null ? "application/octet-stream" : media.contentType();
    }

    /**
     * The media was already at its key (an attempt that wrote it died before the ledger knew): the sidecar
     * written with it describes those bytes and stays; a new one would differ (its retrieval time) and conflict.
     */
    private Optional<byte[]> existingSidecar(String key) {
        try {
            if (destination.stat(key).isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = destination.open(key)) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both objects are confirmed at the destination: what the ledger records; the spool file goes. */
    public Ledger.Delivery delivered(Exchange exchange) {
        MediaFile media = exchange.getProperty(RouteKeys.MEDIA, MediaFile.class);
        String key = exchange.getProperty(RouteKeys.MEDIA_KEY, String.class);
        try {
            Files.deleteIfExists(media.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Message sidecar = exchange.getMessage();
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        ledger.recordFile(new LedgerFile(work.conversationId(), work.recordingId(),
                exchange.getProperty(ROLE, LedgerFile.ORIGINAL, String.class), key, bagOf(key), media.sha256(),
                media.size(), contentType(media), media.path(), true, media.md5(), media.sha1(),
                formatDelivered(exchange, media)));
        return new Ledger.Delivery(key, key.substring(0, key.indexOf('/')), media.sha256(), media.size(),
                media.contentType(), media.path(), exchange.getProperty(RouteKeys.MEDIA_LOCATION, String.class),
                sidecar.getHeader(RouteKeys.SHA256, String.class), sidecar.getHeader(RouteKeys.SIZE, Long.class));
    }

    /** The key of an earlier attempt when it planned the same bytes (they may be there already), else a new one. */
    private String plannedKey(RunContext run, RecordingWork work, MediaFile media, boolean original) {
        LocalDate day = LocalDate.ofInstant(work.conversationStart(), ZoneOffset.UTC);
        String fresh = original
                ? KeyBuilder.originalKey(run.runId(), day, work.conversationId(), work.recordingId(), media.contentType())
                : InlineTranscripts.PATH.equals(media.path())
                ? KeyBuilder.transcriptKey(run.runId(), day, work.conversationId(), work.recordingId())
                : KeyBuilder.payloadKey(run.runId(), day, work.conversationId(), work.recordingId(), media.contentType());
        LedgerRow earlier = ledger.row(work.conversationId(), work.recordingId()).orElse(null);
        boolean sameBytes = earlier != null && earlier.destinationKey() != null && media.sha256().equals(earlier.sha256());
        String key = sameBytes ? earlier.destinationKey() : fresh;
        if (!ledger.planKey(work.conversationId(), work.recordingId(), run.node(), key, key.substring(0, key.indexOf('/')),
                media.sha256(), media.size())) {
            // another node took the recording over: not one byte of it goes out from here
            throw new LeaseLostException(work.conversationId(), work.recordingId(), run.node());
        }
        return key;
    }

    private JsonNode conversation(RecordingWork work) {
        return ledger.conversationSummary(work.conversationId()).map(text -> {
            try {
                return Sidecar.conversationSummary(json.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(NullNode.getInstance());
    }

    /**
     * The format asked of Genesys for this recording: the {@code formatId} (or {@code emailFormatId},
     * {@code chatFormatId}, {@code messageFormatId}) that the call which listed it was sent with, whatever
     * routes/genesys.camel.yaml says today. A recording no such call answered (its original fetched by batch download,
     * which asks for no format and serves the trunk's codec) names what the recordings calls are configured to ask:
     * {@code holdfast.format} for audio and screen, EML for email, ZIP for chat and messaging.
     */
    private String formatRequested(RecordingWork work) {
        String asked = work.recording().formatId();
        if (asked != null && !asked.isBlank()) {
            return asked;
        }
        return switch (work.recording().raw().path("media").asText("")) {
            case "email" -> "EML";
            case "chat", "messaging" -> "ZIP";
            default -> formatRequested;
        };
    }
}
