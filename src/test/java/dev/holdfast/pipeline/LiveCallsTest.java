package dev.holdfast.pipeline;

import dev.holdfast.config.ExitCode;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A held call still in progress when a run finds it (the IVR sets the hold, then transfers) gets the recordings of
 * its later legs later: the conversation stays open, every run lists it again, and the export says it is not
 * complete (exit 3, pending {@code in-call} or {@code uploading}) until the call has ended and its recordings have
 * left the Edge. Default settings throughout; only the sandbox's calls are timed.
 */
class LiveCallsTest {

    private static final int LIVE_CALLS = 4;

    @TempDir
    Path work;

    @Test
    void the_later_legs_of_calls_in_progress_are_delivered_and_the_run_that_found_them_is_not_complete() throws Exception {
        // four held calls transfer 15 s after the sandbox starts and end 15 s later; each leg's recording uploads 4 s
        Scenario scenario = Scenario.builder(41).conversations(30)
                .liveCalls(LIVE_CALLS, Duration.ofSeconds(30), Duration.ofSeconds(4)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, Instant> live = sandbox.liveConversationEnds();
            assertEquals(LIVE_CALLS, live.size());
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();

                RunSummary first = exporter.export(window);

                assertTrue(Instant.now().isBefore(live.values().iterator().next()),
                        "the first run must end while the calls go on, or this test proves nothing: " + first.render());
                assertEquals(ExitCode.PENDING, first.exitCode(), first.render());
                assertEquals(Map.of("in-call", LIVE_CALLS), first.open(), first.render());
                Set<String> knownAfterFirst = recordingIds(exporter.ledger(), live.keySet());
                List<String> rows = reconciliationRows(export, first);
                for (String conversationId : live.keySet()) {
                    // the open conversation's own row: no recording id, pending in-call
                    List<String> open = rows.stream().filter(row -> row.startsWith(conversationId + ",,")).toList();
                    assertEquals(1, open.size(), "one row for each open conversation in reconciliation.csv: " + rows);
                    assertTrue(open.get(0).startsWith(conversationId + ",,pending,in-call,"), open.get(0));
                }

                RunSummary last = exporter.exportUntilSettled(window, Duration.ofSeconds(120));
                Instant settled = Instant.now();

                assertEquals(ExitCode.COMPLETE, last.exitCode(), last.render());
                assertTrue(last.open().isEmpty(), last.render());
                List<HeldRecording> ofLiveCalls = sandbox.groundTruth().held().stream()
                        .filter(r -> live.containsKey(r.conversationId())).toList();
                List<HeldRecording> appearedLater = ofLiveCalls.stream()
                        .filter(r -> !knownAfterFirst.contains(r.recordingId())).toList();
                // two agents' legs per call: the first ends with the transfer (during the first run, on a slow
                // machine), the second with the call, always after the first run
                assertTrue(appearedLater.size() >= LIVE_CALLS, "legs recorded after the first run: " + appearedLater.size());
                for (HeldRecording r : ofLiveCalls) {
                    LedgerRow row = exporter.ledger().row(r.conversationId(), r.recordingId()).orElseThrow(
                            () -> new AssertionError("never listed: " + r.recordingId()));
                    assertEquals(RecordingState.DELIVERED, row.state(), r.recordingId() + " " + row.reason());
                }
                ExportExpectations.assertDeliveredExactly(sandbox, exporter, DestinationView.folder(export));
                Instant lastEnd = live.values().stream().max(Instant::compareTo).orElseThrow();
                System.out.printf("FIGURE live calls: %d of %d recordings that appeared after discovery delivered;"
                                + " settled %d s after the last call ended (runs every 0.5 s meanwhile: %d)%n",
                        appearedLater.size(), appearedLater.size(), Duration.between(lastEnd, settled).toSeconds(),
                        exporter.runs().size());
            }
        }
    }

    @Test
    void a_call_that_ended_while_its_recordings_upload_stays_open_as_uploading() throws Exception {
        // the calls end 1 s after the sandbox starts; their last legs stay UPLOADING for far longer than a run
        Scenario scenario = Scenario.builder(42).conversations(10)
                .liveCalls(2, Duration.ofSeconds(1), Duration.ofMinutes(10)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, Instant> live = sandbox.liveConversationEnds();
            Instant lastEnd = live.values().stream().max(Instant::compareTo).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(lastEnd.plusMillis(500)));
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(work.resolve("export")));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();

                RunSummary first = exporter.export(window);
                RunSummary second = exporter.export(window);

                for (RunSummary run : List.of(first, second)) {
                    assertEquals(ExitCode.PENDING, run.exitCode(), run.render());
                    assertEquals(Map.of("uploading", live.size()), run.open(), run.render());
                }
                // both legs of each call are uploading: pending with that reason, none lost
                long uploading = live.keySet().stream().flatMap(id -> exporter.ledger().rowsOf(id).stream())
                        .filter(row -> row.state() == RecordingState.PENDING && "uploading".equals(row.reason())).count();
                assertEquals(2L * live.size(), uploading);
            }
        }
    }

    private static Set<String> recordingIds(Ledger ledger, Set<String> conversations) {
        Set<String> ids = new HashSet<>();
        for (String c : conversations) {
            ledger.rowsOf(c).forEach(row -> ids.add(row.recordingId()));
        }
        assertFalse(ids.isEmpty(), "the IVR legs had ended before the first run: it found them");
        return ids;
    }

    private static List<String> reconciliationRows(Path export, RunSummary run) throws Exception {
        byte[] csv = DestinationView.folder(export).read("holdfast-" + run.runId() + "/reconciliation.csv");
        return new String(csv, StandardCharsets.UTF_8).lines().skip(1).collect(Collectors.toList());
    }
}
