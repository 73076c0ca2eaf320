package dev.holdfast.recording;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.deliver.DestinationConflictException;
import dev.holdfast.download.CorruptMediaException;
import dev.holdfast.download.MediaExpiredException;
import dev.holdfast.download.MediaFile;
import dev.holdfast.download.MediaRejectedException;
import dev.holdfast.download.MediaStalledException;
import dev.holdfast.download.MediaUnavailableException;
import dev.holdfast.genesys.GenesysRequestException;
import dev.holdfast.genesys.GenesysUnavailableException;
import dev.holdfast.ledger.LeaseLostException;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.custody.Sidecar;
import dev.holdfast.ledger.Reason;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.resolve.Readiness;
import dev.holdfast.resolve.RecordingWork;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.RunContext;
import dev.holdfast.safety.InvalidIdException;
import dev.holdfast.safety.Redactor;
import dev.holdfast.safety.SafeText;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the routes say of each recording, handed to its {@link Lifecycle}: pending with a reason, terminal with a
 * reason, or delivered, under the lease this exchange claimed or without one. Failures of any step land here
 * too and are read as a reason, so that no exception ever leaves a recording without a state.
 */
public final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger("holdfast.recordings");

    private final Ledger ledger;
    private final Lifecycle lifecycle;
    private final CustodyRecorder custody;
    private final String node;
    private final LeaseHeartbeat heartbeat;

    public Outcomes(Ledger ledger, Lifecycle lifecycle, CustodyRecorder custody, String node, LeaseHeartbeat heartbeat) {
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.custody = custody;
        this.node = node;
        this.heartbeat = heartbeat;
    }

    /** What the router decided for this recording, in its custody log. */
    public void resolved(Exchange exchange) {
        RecordingWork work = exchange.getMessage().getBody(RecordingWork.class);
        exchange.setProperty(RouteKeys.WORK, work);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("readiness", work.readiness().name());
        details.put("fileState", work.recording().fileState());
        details.put("path", exchange.getProperty(RouteKeys.PATH, "direct", String.class));
        if (work.late()) {
            custody.record(run(exchange), CustodyEvent.LATE, work.conversationId(), work.recordingId(),
                    Map.of("fileState", work.recording().fileState()));
            LOG.warn("{}/{} late: it appeared only after the analytics data had settled", work.conversationId(), work.recordingId());
        }
        lifecycle.resolved(run(exchange), work.conversationId(), work.recordingId(), details);
    }

    /**
     * Takes the recording's lease, renewed by the {@link LeaseHeartbeat} until the recording has its next state:
     * false when another node has it or it is already done.
     */
    public boolean claim(Exchange exchange) {
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        if (!lifecycle.claim(work.conversationId(), work.recordingId())) {
            // another node works on it, or it is done: its outcome is theirs, this is no drop
            exchange.setProperty(RouteKeys.OUTCOME, "claimed-elsewhere");
            return false;
        }
        heartbeat.holding(exchange, work.conversationId(), work.recordingId());
        exchange.setProperty(RouteKeys.LEASE_HELD, held(work.conversationId(), work.recordingId()));
        return true;
    }

    /**
     * The download is done and the delivery starts: the lease must still be this node's (a node that lost it
     * writes nothing), and runs anew.
     */
    public void renewLease(Exchange exchange) {
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        if (!lifecycle.renewLease(work.conversationId(), work.recordingId())) {
            throw new LeaseLostException(work.conversationId(), work.recordingId(), node);
        }
    }

    /**
     * The recording's stored original is what comes next (its review copy is delivered, or not asked for): pending
     * {@code original-due}, due at once, for the batch download, with the recording as listed kept for its sidecar.
     */
    public void originalDue(Exchange exchange) {
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        keepListing(work);
        pending(exchange, work.conversationId(), work.recordingId(), Reason.ORIGINAL_DUE, null, null);
    }

    /** The recording as Genesys listed it (signatures stripped), for the sidecar written when batch download brings it. */
    private void keepListing(RecordingWork work) {
        if (work.recording().raw().has("media")) {
            ledger.keepListing(work.conversationId(), work.recordingId(),
                    Sidecar.stripSigned(work.recording().raw()).toString(), work.recording().formatId());
        }
    }

    /** A recording that is not delivered now: terminal when it is gone for good, else pending with its reason. */
    public void record(Exchange exchange) {
        RecordingWork work = exchange.getMessage().getBody(RecordingWork.class);
        if (Reason.NO_MEDIA_URL.equals(work.why())) {
            keepListing(work);
        }
        if (work.readiness() == Readiness.GONE) {
            terminal(exchange, work.conversationId(), work.recordingId(), work.why(), work.recording().fileState(), null);
        } else {
            pending(exchange, work.conversationId(), work.recordingId(), work.why(), null, null);
        }
    }

    /**
     * A recording that came back from the routes without an outcome: a step dropped it (a filter, a stop, a
     * choice without a branch). Terminal, reason {@code excluded:<route>}, so that the run settles and the
     * reconciliation says who decided.
     */
    public void excluded(Exchange exchange) {
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        String route = exchange.getProperty(RouteKeys.ROUTE, "unknown", String.class);
        terminal(exchange, work.conversationId(), work.recordingId(), Reason.excluded(route),
                "dropped by a step of route " + route, null);
    }

    /** Body: what the destination confirmed. */
    public void delivered(Exchange exchange) {
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        Ledger.Delivery delivery = exchange.getMessage().getBody(Ledger.Delivery.class);
        // whatever follows, this recording is no drop: delivered here, or the node that took it over has it
        exchange.setProperty(RouteKeys.OUTCOME, "delivered");
        holds(exchange, work.conversationId(), work.recordingId());
        if (!lifecycle.delivered(run(exchange), work.conversationId(), work.recordingId(), delivery,
                exchange.getProperty(Shipment.NOTE, String.class))) {
            // the bytes are at the planned key: the node that took the recording over finds them there
            throw new LeaseLostException(work.conversationId(), work.recordingId(), node);
        }
    }

    /** The error handler's entry: whatever failed, the recording (or the conversation's open ones) keeps a state. */
    public void failed(Exchange exchange) {
        Throwable failure = unwrap(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        RecordingWork work = exchange.getProperty(RouteKeys.WORK, RecordingWork.class);
        discardSpool(exchange);
        if (failure instanceof LeaseLostException && work != null) {
            // the recording is another node's now: its state and custody are that node's to record
            holds(exchange, work.conversationId(), work.recordingId());
            LOG.warn("{}", failure.getMessage());
            return;
        }
        String reason = reasonFor(failure);
        // masked at the source: an exception's text may carry a presigned URL or a token
        String detail = failure == null ? null : SafeText.quote(Redactor.mask(String.valueOf(failure.getMessage())), 400);
        if (work != null) {
            Map<String, Object> failedDetails = Map.of("reason", reason, "detail", String.valueOf(detail));
            if (failure instanceof InvalidIdException) {
                terminal(exchange, work.conversationId(), work.recordingId(), reason, detail, failedDetails);
            } else {
                pending(exchange, work.conversationId(), work.recordingId(), reason, detail, failedDetails);
            }
            return;
        }
        String conversationId = exchange.getProperty(RouteKeys.CONVERSATION, String.class);
        if (conversationId != null) {
            for (LedgerRow row : ledger.rowsOf(conversationId)) {
                if (row.state() == RecordingState.PENDING || row.state() == RecordingState.IN_PROGRESS) {
                    pending(exchange, conversationId, row.recordingId(), reason, detail, null);
                }
            }
            LOG.warn("conversation {}: {} ({}); its recordings stay pending", conversationId, reason, detail);
        } else {
            LOG.warn("{} ({})", reason, detail);
        }
    }

    /**
     * The failure itself, not Camel's wrapper around it: a bean called from an expression ({@code method:})
     * throws inside a {@code RuntimeBeanExpressionException}, which would hide the reason (and make an invalid
     * id look retryable).
     */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof org.apache.camel.RuntimeCamelException && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Reason codes of the ledger and the reconciliation, from the failure that stopped a recording. */
    static String reasonFor(Throwable failure) {
        if (failure instanceof GenesysUnavailableException) {
            return Reason.GENESYS_UNAVAILABLE;
        }
        if (failure instanceof GenesysRequestException e) {
            return Reason.genesys(e.code());
        }
        if (failure instanceof MediaExpiredException) {
            // the direct path already had its one fresh URL: the batch download is the way now
            return Reason.NO_MEDIA_URL;
        }
        if (failure instanceof MediaRejectedException) {
            return Reason.MEDIA_HOST_NOT_ALLOWED;
        }
        if (failure instanceof CorruptMediaException) {
            return Reason.CORRUPT_MEDIA;
        }
        if (failure instanceof MediaStalledException) {
            return Reason.MEDIA_STALLED;
        }
        if (failure instanceof MediaUnavailableException) {
            return Reason.MEDIA_UNAVAILABLE;
        }
        if (failure instanceof DestinationConflictException) {
            return Reason.DESTINATION_CONFLICT;
        }
        if (failure instanceof InvalidIdException) {
            return Reason.INVALID_ID;
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            return Reason.LOCAL_IO_ERROR;
        }
        return failure == null ? Reason.UNKNOWN : Reason.error(failure);
    }

    /** @param failed what failed, recorded as its own custody event first; null when nothing did */
    private void terminal(Exchange exchange, String conversationId, String recordingId, String reason, String detail,
                          Map<String, Object> failed) {
        // an outcome either way: terminal here, or the state of the node that holds the lease now
        exchange.setProperty(RouteKeys.OUTCOME, "terminal");
        lifecycle.terminal(run(exchange), conversationId, recordingId, reason, detail, failed,
                holds(exchange, conversationId, recordingId));
    }

    private void pending(Exchange exchange, String conversationId, String recordingId, String reason, String detail,
                         Map<String, Object> failed) {
        exchange.setProperty(RouteKeys.OUTCOME, "pending");
        lifecycle.pending(run(exchange), conversationId, recordingId, reason, detail, failed,
                holds(exchange, conversationId, recordingId));
    }

    /**
     * Whether this exchange claimed the recording (its state is then written under its lease); it holds it no
     * longer after this, whatever the write found.
     */
    private boolean holds(Exchange exchange, String conversationId, String recordingId) {
        boolean held = held(conversationId, recordingId).equals(exchange.getProperty(RouteKeys.LEASE_HELD, String.class));
        if (held) {
            heartbeat.released(conversationId, recordingId);
            exchange.removeProperty(RouteKeys.LEASE_HELD);
        }
        return held;
    }

    private static String held(String conversationId, String recordingId) {
        return conversationId + "/" + recordingId;
    }

    private static RunContext run(Exchange exchange) {
        return exchange.getProperty(RouteKeys.RUN, RunContext.class);
    }

    private static void discardSpool(Exchange exchange) {
        MediaFile media = exchange.getProperty(RouteKeys.MEDIA, MediaFile.class);
        if (media != null) {
            try {
                Files.deleteIfExists(media.file());
            } catch (IOException e) {
                LOG.warn("could not delete spool file {}: {}", media.file(), e.getMessage());
            }
        }
    }
}
