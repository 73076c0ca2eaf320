package dev.holdfast.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.custody.CustodyEvent;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.Reason;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.resolve.RecordingAdmission.Admitted;
import dev.holdfast.run.CustodyRecorder;
import dev.holdfast.run.RunContext;
import dev.holdfast.safety.GenesysIds;
import dev.holdfast.testsupport.MutableClock;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one writer of a recording's state, on an H2 ledger and a clock the test moves. */
class LifecycleTest {

    private static final String C = "11111111-1111-4111-8111-111111111111";
    private static final String R = "22222222-2222-4222-8222-222222222222";
    private static final String R2 = "33333333-3333-4333-8333-333333333333";
    private static final Duration LEASE = Duration.ofSeconds(60);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private Ledger ledger;
    private Lifecycle nodeA;
    private Lifecycle nodeB;
    private RunContext run;

    @BeforeEach
    void open(TestInfo test) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:lifecycle-" + test.getTestMethod().orElseThrow().getName() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        ledger = new Ledger(dataSource, clock);
        CustodyRecorder custody = new CustodyRecorder(ledger, new ObjectMapper());
        nodeA = new Lifecycle(ledger, custody, "node-a", LEASE);
        nodeB = new Lifecycle(ledger, custody, "node-b", LEASE);
        run = RunContext.start(new Window(clock.instant().minus(Duration.ofHours(1)), clock.instant()), "node-a",
                "client-1", clock.instant(), false);
        ledger.openBag(run.bag(), "node-a", run.window().toString());
        ledger.recordConversation(C, clock.instant(), "{}", run.runId());
    }

    @Test
    void a_listed_recording_is_admitted_once_and_an_id_that_is_not_a_uuid_is_terminal_under_a_safe_key_with_its_custody_event() {
        assertEquals(Admitted.NEW, nodeA.admit(run, C, R, "audio"));
        assertEquals(Admitted.KNOWN, nodeB.admit(run, C, R, "audio"), "the ledger makes a recording listed twice one recording");
        assertEquals(RecordingState.PENDING, row(R).state());

        String hostile = "../../etc/passwd";
        assertEquals(Admitted.REJECTED, nodeA.admit(run, C, hostile, "audio"));
        LedgerRow rejected = row(GenesysIds.ledgerKey(hostile));
        assertEquals(RecordingState.TERMINAL, rejected.state());
        assertEquals(Reason.INVALID_ID, rejected.reason());
        assertTrue(ledger.row(C, hostile).isEmpty(), "the hostile id itself is never a ledger key");
        assertEquals(Admitted.REJECTED, nodeB.admit(run, C, hostile, "audio"), "listed again: a call still in progress");
        assertEquals(1, ledger.custodyOf(run.bag()).stream().filter(e -> e.event().equals(CustodyEvent.TERMINAL)
                && e.recordingId().equals(GenesysIds.ledgerKey(hostile))).count(), "the rejection is in the custody log, once");
    }

    @Test
    void a_rejected_conversation_is_kept_terminal_with_its_custody_event() {
        String hostile = "conversation\u0000; DROP TABLE hf_recording";
        nodeA.rejectConversation(run, hostile, clock.instant());

        String key = GenesysIds.ledgerKey(hostile);
        LedgerRow rejected = ledger.row(key, Ledger.REJECTED_CONVERSATION).orElseThrow();
        assertEquals(RecordingState.TERMINAL, rejected.state());
        assertEquals(Reason.INVALID_ID, rejected.reason());
        assertTrue(ledger.custodyOf(run.bag()).stream().anyMatch(e -> e.event().equals(CustodyEvent.TERMINAL)
                && e.conversationId().equals(key)));
    }

    @Test
    void a_state_written_without_the_lease_never_overwrites_another_nodes_live_lease() {
        nodeA.admit(run, C, R, "audio");
        assertTrue(nodeA.claim(C, R));
        assertFalse(nodeB.claim(C, R));

        assertFalse(nodeB.pending(run, C, R, Reason.GENESYS_UNAVAILABLE, null, null, false));
        assertFalse(nodeB.terminal(run, C, R, Reason.INVALID_ID, null, null, false));
        assertFalse(nodeB.recovered(C, R, delivery()), "a dead run's bag is settled: node-a's live recording stays node-a's");
        assertEquals(RecordingState.IN_PROGRESS, row(R).state());
        assertTrue(ledger.custodyOf(run.bag()).isEmpty(), "nothing written, nothing in the custody log");

        clock.advance(LEASE.plusSeconds(1));
        assertTrue(nodeB.recovered(C, R, delivery()), "a lease run out holds nothing");
        assertEquals(RecordingState.DELIVERED, row(R).state());
    }

    @Test
    void pending_backs_off_with_the_time_waited_and_the_batch_fallback_is_due_at_once() {
        nodeA.admit(run, C, R, "audio");
        clock.advance(Duration.ofHours(1));
        assertTrue(nodeA.pending(run, C, R, Reason.GENESYS_UNAVAILABLE, "503", null, false));
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)), row(R).nextAttempt(), "a quarter of the hour waited");

        assertTrue(nodeA.pending(run, C, R, Reason.NO_MEDIA_URL, null, null, false));
        assertEquals(clock.instant(), row(R).nextAttempt());

        nodeA.admit(run, C, R2, "audio");
        assertTrue(nodeA.pending(run, C, R2, Reason.MEDIA_STALLED, null, null, false));
        assertEquals(clock.instant().plus(Duration.ofMinutes(1)), ledger.row(C, R2).orElseThrow().nextAttempt(),
                "a stalled host is not asked again within a minute");
    }

    @Test
    void delivered_under_the_lease_keeps_its_note_its_custody_event_and_tells_the_listener() {
        List<String> told = new ArrayList<>();
        nodeA.listener(new OutcomeListener() {
            @Override
            public void delivered(String conversationId, String recordingId, long bytes) {
                told.add(recordingId + ":" + bytes);
            }
        });
        nodeA.admit(run, C, R, "audio");
        assertTrue(nodeA.claim(C, R));
        assertTrue(nodeA.delivered(run, C, R, delivery(), Reason.REVIEW_COPY_UNAVAILABLE));

        LedgerRow delivered = row(R);
        assertEquals(RecordingState.DELIVERED, delivered.state());
        assertEquals(Reason.REVIEW_COPY_UNAVAILABLE, delivered.reason());
        assertEquals("a".repeat(64), delivered.sha256());
        assertTrue(ledger.custodyOf(run.bag()).stream().anyMatch(e -> e.event().equals(CustodyEvent.DELIVERED)
                && e.recordingId().equals(R) && e.detailsJson().contains(Reason.REVIEW_COPY_UNAVAILABLE)));
        assertEquals(List.of(R + ":1234"), told);
        assertFalse(nodeA.delivered(run, C, R, delivery(), null), "delivered once; the lease is gone with it");
    }

    @Test
    void a_stopping_node_hands_back_only_its_own_recordings_as_interrupted() {
        nodeA.admit(run, C, R, "audio");
        nodeA.admit(run, C, R2, "audio");
        assertTrue(nodeA.claim(C, R));
        assertTrue(nodeB.claim(C, R2));

        assertEquals(1, nodeA.releaseLeases());
        assertEquals(RecordingState.PENDING, row(R).state());
        assertEquals(Reason.INTERRUPTED, row(R).reason());
        assertEquals(RecordingState.IN_PROGRESS, row(R2).state());
        assertTrue(nodeB.claim(C, R), "due again at once, for any node");
    }

    /**
     * The promise itself: outside the ledger's SQL and the lifecycle, no exporter code calls one of the ledger's
     * writers of a recording's state.
     */
    @Test
    void no_class_but_the_lifecycle_changes_a_recordings_state() throws IOException {
        Pattern writer = Pattern.compile("\\bledger(\\(\\))?\\s*\\.\\s*(registerRecording|claim|releaseLeases|markPending"
                + "|markTerminal|markDelivered|noteDelivered|recordRejectedConversation)\\s*\\(");
        Path main = Path.of("src/main/java/dev/holdfast");
        List<String> others = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = main.relativize(file).toString().replace('\\', '/');
                if (relative.equals("ledger/Ledger.java") || relative.equals("recording/Lifecycle.java")
                        || relative.startsWith("sandbox/")) {
                    continue;
                }
                if (writer.matcher(Files.readString(file)).find()) {
                    others.add(relative);
                }
            }
        }
        assertEquals(List.of(), others);
    }

    private LedgerRow row(String recordingId) {
        return ledger.row(C, recordingId).orElseThrow();
    }

    private static Ledger.Delivery delivery() {
        return new Ledger.Delivery("holdfast-1/data/2026-11-25/" + C + "/" + R + ".wav", "holdfast-1", "a".repeat(64),
                1234, "audio/wav", "direct", "file:///tmp/holdfast-1", "b".repeat(64), 456);
    }
}
