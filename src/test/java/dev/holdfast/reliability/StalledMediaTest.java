package dev.holdfast.reliability;

import dev.holdfast.config.ExitCode;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.HostileMedia;
import dev.holdfast.testsupport.HostileMedia.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A media host that stops sending mid-body, at the shipped idle timeout: the run ends about one idle timeout later
 * instead of never, the stalled recording is pending {@code media-stalled}, every other one is delivered, and the
 * export's exit code is 3.
 */
class StalledMediaTest {

    /** What the run may take beyond the idle timeout: discovery, the other recordings, the bag, on a loaded machine. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void a_stalled_download_goes_pending_media_stalled_and_the_run_ends_within_the_default_idle_timeout() throws Exception {
        long seed = Figures.seed(404);
        Duration idle = shippedIdleTimeout();
        // only recordings that download at once: the stall is the one thing keeping the run from complete
        Scenario scenario = Scenario.builder(seed).conversations(30).transcodingShare(0).nullUrlShare(0)
                .staleUrlShare(0).archivedShare(0).deletedShare(0).errorShare(0).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0);
             HostileMedia hostile = HostileMedia.before(sandbox.baseUrl())) {
            // the first recording asked for stalls, every time it is asked for
            AtomicInteger stalledKey = new AtomicInteger(-1);
            hostile.faults((key, n) -> stalledKey.compareAndSet(-1, key) || stalledKey.get() == key ? Fault.STALL : Fault.NONE);
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.put("genesys.api-url", hostile.apiUrl());
            settings.put("genesys.login-url", hostile.apiUrl());
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", export.toString());
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                long started = System.nanoTime();
                // before the fix the run waited for the stalled body for ever: the bound turns that into a failure
                RunSummary run = assertTimeoutPreemptively(idle.plus(MARGIN), () -> exporter.export(window),
                        "the run did not end within the idle timeout " + idle + " plus " + MARGIN);
                double seconds = (System.nanoTime() - started) / 1e9;

                List<LedgerRow> rows = exporter.ledger().rowsIn(window.from(), window.to());
                List<LedgerRow> open = rows.stream().filter(r -> r.state() != RecordingState.DELIVERED).toList();
                long delivered = rows.size() - open.size();
                Invariants.Result result = Invariants.check(sandbox, exporter.ledger(), DestinationView.folder(export),
                        truth -> exporter.ledger().row(truth.conversationId(), truth.recordingId())
                                .map(r -> "media-stalled".equals(r.reason())).orElse(false));
                Figures.report("stalled download", result.exportable(), seed, String.format(
                        "idleTimeout=%ss runEnded=%.0fs exit=%d stalledRequests=%d pendingMediaStalled=%d delivered=%d %s",
                        idle.toSeconds(), seconds, run.exitCode().code(), hostile.served(Fault.STALL),
                        open.stream().filter(r -> "media-stalled".equals(r.reason())).count(), delivered, result));

                assertEquals(ExitCode.PENDING, run.exitCode(), run.render());
                assertEquals(1, open.size(), "only the stalled recording is undelivered: " + open);
                assertEquals(RecordingState.PENDING, open.get(0).state());
                assertEquals("media-stalled", open.get(0).reason());
                assertTrue(delivered > 0 && delivered == result.delivered(), "the other recordings are delivered: " + result);
                assertEquals(1, hostile.served(Fault.STALL), "the stalled host is not asked again within the run");
                assertTrue(seconds >= idle.toSeconds() - 1, "the stall was given the whole idle timeout: " + seconds + " s");
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    /** genesys.idle-timeout as application.properties ships it: the test runs at the default, whatever it is. */
    private static Duration shippedIdleTimeout() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = StalledMediaTest.class.getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        return Duration.parse(shipped.getProperty("genesys.idle-timeout"));
    }
}
