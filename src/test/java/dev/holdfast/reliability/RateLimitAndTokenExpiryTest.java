package dev.holdfast.reliability;

import dev.holdfast.discover.Window;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Journal;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Exporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenarios (d) and (l): a 429 storm (30% of API calls answer 429 with Retry-After) and tokens that expire every
 * few seconds. No request is sent before an announced Retry-After has passed (the sandbox's journal counts
 * violations: 0), and no recording ends undelivered because of a 401 or a 429.
 */
class RateLimitAndTokenExpiryTest {

    @TempDir
    Path work;

    @Test
    void a_429_storm_and_5_second_tokens_cost_time_but_no_recording_and_no_early_retry() throws Exception {
        long seed = Figures.seed(621);
        Scenario scenario = Scenario.builder(seed).conversations(Figures.n(60, 120)).rate429(0.30)
                .tokenLifetime(Duration.ofSeconds(5)).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", export.toString());
            long started = System.nanoTime();
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                exporter.exportUntilSettled(window, Duration.ofMinutes(4));
                double seconds = (System.nanoTime() - started) / 1e9;
                Invariants.Result result = Invariants.assertAllDelivered(sandbox, exporter.ledger(), DestinationView.folder(export));
                // a delivered recording's reason is a note (review-copy-unavailable), not a wait
                long failedBy401or429 = exporter.ledger().rowsIn(window.from(), window.to()).stream()
                        .filter(row -> row.state() != dev.holdfast.ledger.RecordingState.DELIVERED)
                        .map(LedgerRow::reason).filter(r -> r != null && (r.contains("401") || r.contains("429")
                                || r.contains("auth") || r.contains("unavailable"))).count();
                Journal journal = sandbox.journal();
                Figures.report("d+l 429 storm, 5 s tokens", result.exportable(), seed,
                        "429sSent=" + journal.tooManyRequestsSent() + " retryAfterViolations=" + journal.retryAfterViolations()
                                + " tokenRequests=" + journal.tokenRequests() + " 401sSent=" + journal.unauthorizedSent()
                                + " recordingsFailedBy401or429=" + failedBy401or429 + " peakRequestsPerMinute="
                                + journal.peakRequestsPerMinute() + " apiRequests=" + journal.apiRequests()
                                + " runs=" + exporter.runs().size() + " time=" + String.format("%.0fs", seconds) + " " + result);
                assertTrue(journal.tooManyRequestsSent() > 0, "the storm happened");
                assertTrue(journal.tokenRequests() > 1, "tokens expired and were renewed");
                assertEquals(0, journal.retryAfterViolations(), "requests sent before Retry-After passed");
                assertEquals(0, failedBy401or429, "recordings left waiting because of 401/429");
                assertTrue(journal.peakRequestsPerMinute() <= 300, "pace under 300/min per token");
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }
}
