package dev.holdfast.seal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.custody.BagInfo;
import dev.holdfast.custody.BagWriter;
import dev.holdfast.custody.Counts;
import dev.holdfast.custody.CustodyChain;
import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.custody.LoadFile;
import dev.holdfast.custody.LoadFileRows;
import dev.holdfast.custody.PayloadFile;
import dev.holdfast.custody.ReconciliationCsv;
import dev.holdfast.custody.ReconciliationRow;
import dev.holdfast.custody.Sidecar;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.discover.Window;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.integrity.Digests;
import dev.holdfast.integrity.Sha256;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerFile;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.recording.Lifecycle;
import dev.holdfast.run.RunContext;
import dev.holdfast.safety.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seals a run's bag (BagIt 1.0) at the destination: its payload is what the ledger says was delivered into
 * it, its custody log the run's custody events chained to the last sealed bag, its reconciliation every held
 * recording of the window. A bag whose run died is sealed by a later run, once what that run left half-done
 * has been settled against the destination. One bag is sealed at a time across all nodes ({@link SealLock}),
 * from reading the last sealed bag to recording the seal: the custody chain stays one line. A seal's files are
 * recorded in the ledger before the first is written, so a seal cut short is finished with the same bytes.
 */
public final class BagSealer {

    private static final Logger LOG = LoggerFactory.getLogger(BagSealer.class);

    private final Ledger ledger;
    private final Lifecycle lifecycle;
    private final DestinationReader destination;
    private final GenesysClient genesys;
    private final ObjectMapper json;
    private final Facts facts;
    private final Duration silence;
    private final SealLock sealLock;
    private JsonNode organization;

    /** The fixed facts every bag states. */
    public record Facts(String holdAttribute, String holdValue, String region, String version) {
    }

    public BagSealer(Ledger ledger, Lifecycle lifecycle, DestinationReader destination, GenesysClient genesys, ObjectMapper json,
                     Facts facts, Duration silence, SealLock sealLock) {
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.destination = destination;
        this.genesys = genesys;
        this.json = json;
        this.facts = facts;
        this.silence = silence;
        this.sealLock = sealLock;
    }

    /** The run's bag exists in the ledger before anything is written into it. */
    public void open(RunContext run) {
        ledger.openBag(run.bag(), run.node(), run.window().toString());
    }

    /** Bags whose run died before sealing them, as runs of their own (their id and window). */
    public List<RunContext> abandoned(RunContext current) {
        List<RunContext> dead = new ArrayList<>();
        for (Ledger.OpenBag open : ledger.abandonedBags(silence)) {
            if (!open.bag().equals(current.bag())) {
                String[] window = open.window().split("/");
                dead.add(new RunContext(open.bag().substring("holdfast-".length()),
                        new Window(Instant.parse(window[0]), Instant.parse(window[1])), current.node(), current.actor(),
                        current.startedAt(), false));
            }
        }
        return dead;
    }

    /**
     * What sealing this bag writes, planned under the seal lock, which a plan that writes keeps until
     * {@link #release}. Nothing when the run delivered nothing and its reconciliation is the last bag's, when
     * another node sealed the bag meanwhile (a dead run's, seen by two), or when another node kept the lock for
     * the whole wait: the bag is then left open, and the next run of any node seals it.
     */
    public BagPlan plan(RunContext run) {
        String sealer = run.node() + "/" + run.bag();
        if (!sealLock.acquire(sealer)) {
            ledger.abandonBag(run.bag());
            LOG.warn("bag {} left open: another node kept the seal lock; the next run seals it", run.bag());
            return BagPlan.nothing(run.bag());
        }
        try {
            BagPlan plan = !ledger.bagOpen(run.bag()) ? BagPlan.nothing(run.bag())
                    : ledger.recordedSeal(run.bag()).map(seal -> resumed(run, sealer, seal))
                            .orElseGet(() -> recorded(planLocked(run, sealer)));
            if (!plan.writes()) {
                sealLock.release(sealer);
            }
            return plan;
        } catch (RuntimeException e) {
            sealLock.release(sealer);
            throw e;
        }
    }

    /** Before each file of the bag: the seal lock is still this sealer's (it fails otherwise, before writing). */
    public void stillSealing(BagPlan plan, BagPlan.BagFile next) {
        haltIfTold(next);
        if (plan.sealer() != null) {
            sealLock.renew(plan.sealer());
        }
    }

    /**
     * Before the tag files: a bag without payload still has its {@code data/} folder (RFC 8493 §2.1.2) on the
     * destinations that have folders; S3 has none, and a bag there is its keys.
     */
    public void payloadFolder(BagPlan plan) throws IOException {
        if (plan.writes()) {
            destination.makeFolder(KeyBuilder.bagFile(plan.bag(), "data"));
        }
    }

    /**
     * A dead run's bag that could not be sealed now (its seal's keys hold other bytes, the destination failed):
     * the reason goes to the ledger, where the end-of-run alerts find it, and the run goes on with its own work.
     * The next run tries again.
     */
    public void notSealed(RunContext dead, Exception failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        // kept in the ledger and sent in an alert: masked like every failure that leaves the process
        String reason = Redactor.mask(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        LOG.warn("bag {} of a dead run could not be sealed ({}); the next run tries again", dead.bag(), reason);
        ledger.sealProblem(dead.bag(), reason);
    }

    /** Sealed, nothing to seal, or failed: the next sealer may go. */
    public void release(BagPlan plan) {
        if (plan != null && plan.sealer() != null) {
            sealLock.release(plan.sealer());
        }
    }

    private BagPlan planLocked(RunContext run, String sealer) {
        List<BagPlan.BagFile> files = new ArrayList<>(settleUnconfirmed(run, sealer));
        List<PayloadFile> payload = new ArrayList<>();
        Map<String, byte[]> sidecars = new LinkedHashMap<>();
        long bytes = 0;
        for (LedgerRow row : ledger.rowsOfBag(run.bag())) {
            if (row.state() == RecordingState.DELIVERED) {
                payload.add(new PayloadFile(KeyBuilder.inBag(row.destinationKey()), row.sha256(), row.size()));
                payload.add(new PayloadFile(KeyBuilder.inBag(KeyBuilder.sidecarKeyOf(row.destinationKey())), row.sidecarSha256(), row.sidecarSize()));
                sidecars.put(KeyBuilder.inBag(KeyBuilder.sidecarKeyOf(row.destinationKey())), sidecarOf(row));
                bytes += row.size();
            }
        }
        // the other files written into this bag: review copies (their recording may wait for its original still)
        java.util.Set<String> listed = new java.util.HashSet<>();
        payload.forEach(file -> listed.add(file.pathInBag()));
        for (LedgerFile file : ledger.filesOfBag(run.bag())) {
            if (file.confirmed() && listed.add(KeyBuilder.inBag(file.key()))) {
                payload.add(new PayloadFile(KeyBuilder.inBag(file.key()), file.sha256(), file.size()));
                bytes += file.size();
            }
        }
        List<ReconciliationRow> reconciliation = reconciliation(run.window());
        String csv = ReconciliationCsv.render(reconciliation);
        String csvSha = Sha256.of(csv);
        Optional<Ledger.SealedBag> last = ledger.lastSealedBag();
        if (payload.isEmpty() && last.isPresent() && csvSha.equals(last.get().reconciliationSha256())) {
            ledger.dropBag(run.bag());
            return BagPlan.nothing(run.bag());
        }
        int held = ledger.conversationsIn(run.window().from(), run.window().to()).size();
        List<CustodyEvent> events = new ArrayList<>();
        for (Ledger.CustodyRecord record : ledger.custodyOf(run.bag())) {
            events.add(new CustodyEvent(record.time(), record.event(), record.conversationId(), record.recordingId(),
                    record.actor(), record.node(), details(record.detailsJson())));
        }
        events.add(CustodyEvent.summary(ledger.now(), run.actor(), run.node(), Counts.of(held, reconciliation), bytes));
        String prev = last.map(Ledger.SealedBag::lastLineSha256).orElse(Sha256.ZERO);
        List<String> lines = CustodyChain.lines(prev, events);
        JsonNode org = organization();
        BagInfo info = new BagInfo(LocalDate.ofInstant(ledger.now(), ZoneOffset.UTC), run.runId(),
                org.path("name").asText("unknown"), org.path("id").asText("unknown"), run.window().from(),
                run.window().to(), facts.holdAttribute(), facts.holdValue(), facts.region(), facts.version());
        List<LoadFile.Row> loadFile = LoadFileRows.of(payload, sidecars, facts.holdAttribute());
        for (Map.Entry<String, String> tag : BagWriter.tagFiles(info, payload, CustodyChain.jsonl(lines), csv, loadFile).entrySet()) {
            byte[] bytesOf = tag.getValue().getBytes(StandardCharsets.UTF_8);
            files.add(new BagPlan.BagFile(KeyBuilder.bagFile(run.bag(), tag.getKey()), tag.getValue(), Sha256.of(bytesOf),
                    bytesOf.length, "text/plain; charset=utf-8"));
        }
        return new BagPlan(run.bag(), sealer, files, CustodyChain.lastHash(lines, prev), csvSha);
    }

    /**
     * The sidecar delivered with a recording, for the load file: as kept in the ledger when it is the one delivered
     * (its SHA-256), else read back from the destination (a ledger of an earlier version, a sidecar found there).
     */
    private byte[] sidecarOf(LedgerRow row) {
        Optional<byte[]> kept = ledger.keptSidecar(row.conversationId(), row.recordingId())
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .filter(bytes -> Sha256.of(bytes).equals(row.sidecarSha256()));
        if (kept.isPresent()) {
            return kept.get();
        }
        try {
            return readAll(KeyBuilder.sidecarKeyOf(row.destinationKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plan goes to the ledger before its first file is written: a seal cut short is finished later with these
     * very bytes (a new Bagging-Date or summary time would be refused by the keys already written), and the bag
     * holds its place in the custody chain meanwhile.
     */
    private BagPlan recorded(BagPlan plan) {
        if (plan.writes()) {
            List<Ledger.SealFile> files = new ArrayList<>();
            for (BagPlan.BagFile file : plan.files()) {
                files.add(new Ledger.SealFile(file.key(), file.content(), file.sha256(), file.size(), file.contentType()));
            }
            ledger.recordSeal(plan.bag(), files, plan.lastLineSha256(), plan.reconciliationSha256());
        }
        return plan;
    }

    /** A seal a run began and did not finish: the same files again, those already written confirmed by their hash. */
    private BagPlan resumed(RunContext run, String sealer, Ledger.RecordedSeal seal) {
        LOG.info("bag {}: finishing the seal an interrupted run began ({} files)", run.bag(), seal.files().size());
        List<BagPlan.BagFile> files = new ArrayList<>();
        for (Ledger.SealFile file : seal.files()) {
            files.add(new BagPlan.BagFile(file.key(), file.content(), file.sha256(), file.size(), file.contentType()));
        }
        return new BagPlan(run.bag(), sealer, files, seal.lastLineSha256(), seal.reconciliationSha256());
    }

    /**
     * Test-only fault injection: with the system property {@code holdfast.test.halt-sealing-before} set to a file
     * name (e.g. {@code reconciliation.csv}), the JVM halts as {@code kill -9} would, before writing that file of a
     * bag. It is never a setting; the reliability tests use it to cut a seal at a known file.
     */
    private static void haltIfTold(BagPlan.BagFile next) {
        String before = System.getProperty("holdfast.test.halt-sealing-before");
        if (before != null && next != null && next.key().endsWith("/" + before)) {
            LOG.warn("test fault injection: halting before {}", next.key());
            Runtime.getRuntime().halt(137);
        }
    }

    /** The bag's files are all at the destination, its tag manifest last: it is sealed. */
    public void sealed(BagPlan plan) {
        if (plan.writes()) {
            // the ledger records no seal made without the lock (a lease lost under the last write)
            sealLock.renew(plan.sealer());
            ledger.sealBag(plan.bag(), plan.lastLineSha256(), plan.reconciliationSha256());
            LOG.info("bag {} sealed", plan.bag());
        }
    }

    /**
     * Recordings planned into a dead run's bag but never confirmed: present with the planned bytes, they are
     * delivered (their sidecar written if the run died before it); absent, they are planned afresh next time.
     */
    private List<BagPlan.BagFile> settleUnconfirmed(RunContext run, String sealer) {
        List<BagPlan.BagFile> sidecars = new ArrayList<>();
        // a review copy planned into the bag and never confirmed: kept when its bytes are there, else forgotten
        for (LedgerFile file : ledger.filesOfBag(run.bag())) {
            if (file.confirmed()) {
                continue;
            }
            sealLock.renew(sealer);
            try {
                if (destination.stat(file.key()).isPresent() && file.sha256().equals(digestsAt(file.key()).sha256())) {
                    ledger.confirmFile(file.conversationId(), file.recordingId(), file.role(), file.key());
                } else {
                    destination.discardTemporary(file.key());
                    ledger.forgetFile(file.conversationId(), file.recordingId(), file.role());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (LedgerRow row : ledger.rowsOfBag(run.bag())) {
            if (row.state() == RecordingState.DELIVERED || row.destinationKey() == null) {
                continue;
            }
            // re-reading a dead run's large recordings can outlast the lease
            sealLock.renew(sealer);
            try {
                Optional<DestinationReader.StoredObject> there = destination.stat(row.destinationKey());
                Digests digests = there.isEmpty() ? null : digestsAt(row.destinationKey());
                if (there.isEmpty() || !row.sha256().equals(digests.sha256())) {
                    LOG.info("{}/{} planned at {} but {} there: planned afresh", row.conversationId(), row.recordingId(),
                            row.destinationKey(), there.isEmpty() ? "nothing is" : "other bytes are");
                    // the next attempt writes into another bag: a temporary file the failed write left here (its
                    // deletion failed with the connection) would stay for ever
                    destination.discardTemporary(row.destinationKey());
                    ledger.forgetPlannedKey(row.conversationId(), row.recordingId());
                    continue;
                }
                String sidecarKey = KeyBuilder.sidecarKeyOf(row.destinationKey());
                byte[] sidecar = destination.stat(sidecarKey).isPresent() ? readAll(sidecarKey) : recoveredSidecar(row, digests);
                ledger.keepSidecar(row.conversationId(), row.recordingId(), new String(sidecar, StandardCharsets.UTF_8));
                if (destination.stat(sidecarKey).isEmpty()) {
                    sidecars.add(new BagPlan.BagFile(sidecarKey, new String(sidecar, StandardCharsets.UTF_8),
                            Sha256.of(sidecar), sidecar.length, "application/json"));
                }
                lifecycle.recovered(row.conversationId(), row.recordingId(), new Ledger.Delivery(row.destinationKey(),
                        run.bag(), row.sha256(), row.size(), row.contentType(), row.fetchPath(),
                        destination.describe() + "/" + row.destinationKey(), Sha256.of(sidecar), sidecar.length));
                LOG.info("{}/{} found complete at {} after an interrupted run", row.conversationId(), row.recordingId(),
                        row.destinationKey());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sidecars;
    }

    private byte[] recoveredSidecar(LedgerRow row, Digests digests) {
        ObjectNode recording = json.createObjectNode();
        recording.put("id", row.recordingId());
        recording.put("conversationId", row.conversationId());
        recording.put("note", "sidecar written after an interrupted run: the Genesys recording metadata was not kept");
        JsonNode conversation = ledger.conversationSummary(row.conversationId()).map(this::read)
                .map(Sidecar::conversationSummary).orElse(json.nullNode());
        String contentType = row.contentType() == null ? "application/octet-stream" : row.contentType();
        return new Sidecar(row.conversationId(), row.recordingId(), row.sha256(), row.size(), contentType,
                recoveredPath(row), "unknown", "unknown", "unknown",
                ledger.now(), facts.version(), recording, conversation, null, digests.md5(), digests.sha1()).toBytes();
    }

    /** How the media came: the ledger's word, else a stored original's name says batch download, a transcript's inline. */
    private static String recoveredPath(LedgerRow row) {
        if (row.fetchPath() != null) {
            return row.fetchPath();
        }
        String key = row.destinationKey();
        return key != null && key.contains(".original.") ? "batch" : key != null && key.endsWith(".transcript.json") ? "inline"
                : "direct";
    }

    private List<ReconciliationRow> reconciliation(Window window) {
        List<ReconciliationRow> rows = new ArrayList<>();
        for (LedgerRow row : ledger.rowsIn(window.from(), window.to())) {
            String state = switch (row.state()) {
                case DELIVERED -> ReconciliationRow.DELIVERED;
                case TERMINAL -> ReconciliationRow.TERMINAL;
                default -> ReconciliationRow.PENDING;
            };
            String reason = row.state() == RecordingState.IN_PROGRESS ? Reason.IN_PROGRESS : row.reason();
            boolean delivered = row.state() == RecordingState.DELIVERED;
            // a delivered recording's reason is a note (review-copy-unavailable), or empty
            rows.add(new ReconciliationRow(row.conversationId(), row.recordingId(), state,
                    delivered ? (reason == null ? "" : reason) : (reason == null ? Reason.UNKNOWN : reason), delivered ? row.bag() : "",
                    delivered ? row.destinationKey() : "", delivered ? row.sha256() : "", row.attempts(),
                    delivered ? null : row.nextAttempt(), row.media()));
        }
        // a held call still going on (or uploading) may get more recordings: the reconciliation says so
        for (Ledger.ConversationCount conversation : ledger.conversationsIn(window.from(), window.to())) {
            if (conversation.open()) {
                rows.add(ReconciliationRow.openConversation(conversation.conversationId(), conversation.openReason()));
            }
        }
        return rows;
    }

    private synchronized JsonNode organization() {
        if (organization == null) {
            organization = genesys.organization();
        }
        return organization;
    }

    /** MD5, SHA-1 and SHA-256 of a file at the destination, in one read (the recovered sidecar states all three). */
    private Digests digestsAt(String key) throws IOException {
        try (InputStream in = destination.open(key)) {
            return Digests.measure(in);
        }
    }

    private byte[] readAll(String key) throws IOException {
        try (InputStream in = destination.open(key)) {
            return in.readAllBytes();
        }
    }

    private Map<String, Object> details(String detailsJson) {
        if (detailsJson == null) {
            return Map.of();
        }
        try {
            return json.readValue(detailsJson, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
