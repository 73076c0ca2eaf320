package dev.holdfast.route;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.holdfast.genesys.Recording;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.resolve.Readiness;
import dev.holdfast.resolve.RecordingWork;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The content-based router of route {@code resolve}, one branch at a time, and the outcome of a recording a route
 * step drops: the real routes and beans under Camel's own test kit, the download replaced by a mock endpoint, the
 * Genesys sandbox behind the calls that reach Genesys (the restore, the recordings list).
 */
class ResolveRouterTest extends RouteTestSupport {

    // started with the class: Camel's test support reads the settings while it constructs the test
    private static final GenesysSandbox sandbox = GenesysSandbox.start(
            Scenario.builder(61).conversations(20).archivedShare(0.2).build(), "127.0.0.1", 0);

    @Override
    protected GenesysSandbox sandbox() {
        return sandbox;
    }

    /**
     * One context for the class (starting the application is most of a test's time): the download replaced by a
     * mock endpoint, and a stop in front of route select, which only the recordings route passes through.
     */
    private MockEndpoint downloadReplacedByMock() throws Exception {
        if (!context.isStarted()) {
            AdviceWith.adviceWith(context, "resolve", route -> route.weaveByToUri("direct:download").replace().to("mock:download"));
            AdviceWith.adviceWith(context, "select", route -> route.weaveAddFirst().stop());
            context.start();
        }
        return getMockEndpoint("mock:download");
    }

    @BeforeEach
    void resetMocks() {
        MockEndpoint.resetMocks(context);
    }

    @Test
    void a_recording_with_a_media_url_goes_to_download() throws Exception {
        MockEndpoint download = downloadReplacedByMock();
        download.expectedMessageCount(1);
        RecordingWork work = work(Readiness.READY, "AVAILABLE", "https://media.example/r.wav");

        template.sendBodyAndProperty("direct:resolve", work, "holdfastPath", "direct");

        download.assertIsSatisfied();
        assertEquals(work.recordingId(), download.getExchanges().get(0).getMessage().getBody(RecordingWork.class).recordingId());
    }

    @Test
    void a_recording_without_a_media_url_waits_for_the_batch_fallback() throws Exception {
        assertPendingAndNotDownloaded(work(Readiness.NO_URL, "AVAILABLE", null), "no-media-url");
    }

    @Test
    void a_recording_still_transcoding_waits() throws Exception {
        assertPendingAndNotDownloaded(work(Readiness.TRANSCODING, "TRANSCODING", null), "transcoding");
    }

    @Test
    void a_recording_still_uploading_waits() throws Exception {
        assertPendingAndNotDownloaded(work(Readiness.NOT_YET, "UPLOADING", null), "uploading");
    }

    @Test
    void an_archived_recording_is_restored_first() throws Exception {
        HeldRecording archived = sandbox.groundTruth().held().stream().filter(HeldRecording::archived)
                .filter(HeldRecording::exportable).findFirst().orElseThrow();
        long restoresBefore = restores();
        RecordingWork work = register(new RecordingWork(archived.conversationId(), archived.recordingId(),
                archived.conversationStart(), Readiness.ARCHIVED,
                recording(archived.recordingId(), archived.conversationId(), "ARCHIVED", null), "archived", false));

        assertPendingAndNotDownloaded(work, "restoring");
        assertEquals(restoresBefore + 1, restores(), "one restore request to Genesys");
    }

    @Test
    void a_deleted_recording_is_terminal() throws Exception {
        MockEndpoint download = downloadReplacedByMock();
        download.expectedMessageCount(0);
        RecordingWork work = work(Readiness.GONE, "DELETED", null);

        template.sendBodyAndProperty("direct:resolve", work, "holdfastPath", "direct");

        download.assertIsSatisfied();
        LedgerRow row = ledger().row(work.conversationId(), work.recordingId()).orElseThrow();
        assertEquals(RecordingState.TERMINAL, row.state());
        assertEquals("deleted", row.reason());
    }

    @Test
    void recordings_a_stop_in_select_drops_end_excluded_by_select() throws Exception {
        MockEndpoint download = downloadReplacedByMock();
        download.expectedMessageCount(0);
        HeldRecording held = sandbox.groundTruth().held().stream().filter(HeldRecording::exportable).findFirst().orElseThrow();
        ledger().recordConversation(held.conversationId(), held.conversationStart(), "{}", "test-run");

        template.sendBody("direct:recordings", held.conversationId());

        download.assertIsSatisfied();
        List<LedgerRow> rows = ledger().rowsOf(held.conversationId());
        assertFalse(rows.isEmpty());
        for (LedgerRow row : rows) {
            assertEquals(RecordingState.TERMINAL, row.state(), row.recordingId());
            assertEquals("excluded:select", row.reason(), row.recordingId());
        }
    }

    private static long restores() {
        return sandbox.journal().requestsByEndpoint().entrySet().stream()
                .filter(e -> e.getKey().startsWith("PUT ")).mapToLong(e -> e.getValue()).sum();
    }

    private void assertPendingAndNotDownloaded(RecordingWork work, String reason) throws Exception {
        MockEndpoint download = downloadReplacedByMock();
        download.expectedMessageCount(0);

        template.sendBodyAndProperty("direct:resolve", work, "holdfastPath", "direct");

        download.assertIsSatisfied();
        LedgerRow row = ledger().row(work.conversationId(), work.recordingId()).orElseThrow();
        assertEquals(RecordingState.PENDING, row.state());
        assertEquals(reason, row.reason());
    }

    /** A recording of a conversation the ledger knows, as the resolver hands it to the router. */
    private RecordingWork work(Readiness readiness, String fileState, String mediaUri) {
        String conversationId = UUID.randomUUID().toString();
        String recordingId = UUID.randomUUID().toString();
        String why = switch (readiness) {
            case READY -> "ready";
            case NO_URL -> "no-media-url";
            case TRANSCODING -> "transcoding";
            case GONE -> "deleted";
            default -> fileState.toLowerCase();
        };
        return register(new RecordingWork(conversationId, recordingId, Instant.parse("2026-12-01T10:00:00Z"), readiness,
                recording(recordingId, conversationId, fileState, mediaUri), why, false));
    }

    private RecordingWork register(RecordingWork work) {
        ledger().recordConversation(work.conversationId(), work.conversationStart(), "{}", "test-run");
        ledger().registerRecording(work.conversationId(), work.recordingId());
        return work;
    }

    private static Recording recording(String id, String conversationId, String fileState, String mediaUri) {
        return new Recording(id, conversationId, fileState, "Trunk", mediaUri, 0, null, JsonNodeFactory.instance.objectNode());
    }

}
