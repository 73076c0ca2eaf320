package dev.holdfast.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.genesys.GenesysClient;
import dev.holdfast.genesys.Recording;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.resolve.RecordingAdmission.Admitted;
import dev.holdfast.run.RunContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lists every recording of a held conversation (transfers give several), has each admitted to the ledger (by the
 * {@link RecordingAdmission}), and says for each one still open what can be done now. One list call serves every recording of the conversation.
 */
public final class RecordingResolver {

    /** How long one list call lets Genesys wait for transcoding before it answers 202 (Genesys' default). */
    private static final int MAX_WAIT_MS = 5000;
    /**
     * List calls per pass while Genesys answers 202: bounded, then the recordings stay pending for the next pass.
     * The waiting is done by Genesys inside each call, so patience costs one request per 5 s, and fewer than
     * another pass, which must rediscover the window first.
     */
    private static final int LIST_CALLS_PER_PASS = 3;

    private static final String UPLOADING = "UPLOADING";

    private final GenesysClient genesys;
    private final Ledger ledger;
    private final RecordingAdmission admission;
    private final ReadinessClassifier classifier;
    private final CallProgress calls;
    private final String formatId;

    public RecordingResolver(GenesysClient genesys, Ledger ledger, RecordingAdmission admission,
                             ReadinessClassifier classifier, CallProgress calls, String formatId) {
        this.genesys = genesys;
        this.ledger = ledger;
        this.admission = admission;
        this.classifier = classifier;
        this.calls = calls;
        this.formatId = formatId;
    }

    /**
     * The recordings of the conversation that are neither delivered nor terminal, each with its readiness. The
     * conversation stays open, and is listed again by every run, until it had ended before its list was read and
     * none of its recordings was still uploading from the Edge: a call in progress gets the recordings of its later
     * legs (after a transfer) later.
     *
     * @param settleCheck the window is re-queried after the data lake settled: a recording new now is late
     * @param run         the run listing it (a recording id refused as invalid is recorded in its custody log)
     */
    public List<RecordingWork> resolve(String conversationId, Boolean settleCheck, RunContext run) {
        Instant start = ledger.conversationStart(conversationId).orElseThrow();
        boolean late = Boolean.TRUE.equals(settleCheck);
        // asked before the list: a leg that ends after this answer is listed by the next run, never missed
        boolean ended = calls.ended(conversationId);
        List<RecordingWork> work = new ArrayList<>();
        var listed = listWithPatience(conversationId);
        boolean uploading = false;
        List<LedgerRow> known = listed.isEmpty() ? ledger.rowsOf(conversationId) : List.of();
        if (!known.isEmpty()) {
            // still transcoding, and the ledger knows its recordings already: they wait for the next pass
            for (LedgerRow row : known) {
                if (row.state() == RecordingState.PENDING || row.state() == RecordingState.IN_PROGRESS) {
                    Recording transcoding = new Recording(row.recordingId(), conversationId, "TRANSCODING", "", null, 0, null,
                            ledgerView(row));
                    work.add(new RecordingWork(conversationId, row.recordingId(), start, Readiness.TRANSCODING, transcoding,
                            Reason.TRANSCODING, false));
                }
            }
            // the list was not read: a recording the ledger does not know yet may be among those transcoding
            ledger.markConversationOpen(conversationId, ended ? Reason.TRANSCODING : Reason.IN_CALL);
            return work;
        } else if (listed.isEmpty()) {
            // still transcoding after the bounded wait: the metadata call (never 202) names the recordings
            for (JsonNode metadata : genesys.recordingMetadata(conversationId)) {
                String id = metadata.path("id").asText("");
                uploading |= UPLOADING.equals(metadata.path("fileState").asText(""));
                Admitted admitted = admission.admit(run, conversationId, id, metadata.path("media").asText(null));
                boolean fresh = admitted == Admitted.NEW;
                if (admitted != Admitted.REJECTED) {
                    Recording transcoding = new Recording(id, conversationId, "TRANSCODING",
                            metadata.path("mediaSubtype").asText(""), null, 0, null, metadata);
                    open(conversationId, id).ifPresent(row -> work.add(new RecordingWork(conversationId, id, start,
                            Readiness.TRANSCODING, transcoding, Reason.TRANSCODING, late && fresh)));
                }
            }
        } else {
            for (Recording recording : listed.get()) {
                uploading |= UPLOADING.equals(recording.fileState());
                Admitted admitted = admission.admit(run, conversationId, recording.id(), recording.raw().path("media").asText(null));
                boolean fresh = admitted == Admitted.NEW;
                if (admitted != Admitted.REJECTED) {
                    Readiness readiness = classifier.classify(recording);
                    open(conversationId, recording.id()).ifPresent(row -> work.add(new RecordingWork(conversationId,
                            recording.id(), start, readiness, recording, classifier.reason(recording, readiness),
                            late && fresh)));
                }
            }
        }
        if (!ended) {
            ledger.markConversationOpen(conversationId, Reason.IN_CALL);
        } else if (uploading) {
            ledger.markConversationOpen(conversationId, Reason.UPLOADING);
        } else {
            ledger.markRecordingsListed(conversationId);
        }
        return work;
    }

    private static JsonNode ledgerView(LedgerRow row) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", row.recordingId());
        node.put("conversationId", row.conversationId());
        return node;
    }

    /** The recording again, with a fresh media URL: media URLs are short-lived. */
    public RecordingWork refresh(RecordingWork work) {
        Recording fresh = genesys.recording(work.conversationId(), work.recordingId(), formatId);
        Readiness readiness = classifier.classify(fresh);
        return work.withRecording(fresh, readiness, classifier.reason(fresh, readiness));
    }

    private java.util.Optional<List<Recording>> listWithPatience(String conversationId) {
        for (int call = 1; ; call++) {
            long sent = System.nanoTime();
            var answer = genesys.recordings(conversationId, formatId, MAX_WAIT_MS);
            if (answer.isPresent() || call >= LIST_CALLS_PER_PASS) {
                return answer;
            }
            // a 202 sooner than maxWaitMs (a server that does not wait, or a shortened wait): the rest of the
            // wait is ours, so that the next call is not sent at once
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            if (waitedMs < MAX_WAIT_MS) {
                pause(MAX_WAIT_MS - waitedMs);
            }
        }
    }

    private java.util.Optional<LedgerRow> open(String conversationId, String recordingId) {
        return ledger.row(conversationId, recordingId)
                .filter(row -> row.state() == RecordingState.PENDING || row.state() == RecordingState.IN_PROGRESS);
    }

    private static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Genesys transcodes", e);
        }
    }
}
