package dev.holdfast.reliability;

import dev.holdfast.discover.Window;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.SftpTestServer;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unsafe Camel defaults of RELIABILITY.md, each where it could fail: a 202 is never taken as done, no route
 * media passes through caches streams, SFTP refuses a host key it does not know (strictHostKeyChecking=yes),
 * and (see KillAndRestartTest) no eager idempotent key loses work on a crash.
 */
class UnsafeDefaultsTest {

    @TempDir
    Path work;

    @Test
    void a_202_is_never_delivered_and_media_routes_cache_no_stream() throws Exception {
        long seed = Figures.seed(651);
        Scenario scenario = Scenario.builder(seed).conversations(40).transcodingShare(1.0).nullUrlShare(0).archivedShare(0).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", export.toString());
            try (Exporter exporter = Exporter.start(settings)) {
                for (String id : List.of("deliver", "deliver-file")) {
                    Route route = exporter.app().context().getRoute(id);
                    assertFalse(Boolean.TRUE.equals(route.isStreamCaching()), "stream caching on route " + id);
                }
                Window window = exporter.defaultWindow();
                RunSummary first = exporter.export(window);
                List<LedgerRow> rows = exporter.ledger().rowsIn(window.from(), window.to());
                long deliveredFrom202 = rows.stream().filter(r -> r.state() == RecordingState.DELIVERED).count();
                exporter.exportUntilSettled(window, Duration.ofMinutes(2));
                Invariants.Result result = Invariants.assertAllDelivered(sandbox, exporter.ledger(), DestinationView.folder(export));
                Figures.report("unsafe defaults: 202 + stream cache", result.exportable(), seed,
                        "transcodingAtFirstAsk=all deliveredInFirstRun=" + deliveredFrom202 + " deliveredFrom202Body=0" + " firstRunExit=" + first.exitCode() + " " + result);
                // every recording answered 202 first: what was delivered (in the first run, after polling, or
                // later) is the media itself, byte for byte (I3 above), never a 202 body
                assertEquals(result.exportable(), result.delivered());
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }

    @Test
    void sftp_never_talks_to_a_server_whose_host_key_is_not_the_pinned_one() throws Exception {
        long seed = Figures.seed(652);
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).conversations(30).build(), "127.0.0.1", 0);
             SftpTestServer sftp = SftpTestServer.start()) {
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.sftp(sftp.port(), sftp.knownHostsFileWithOtherKey(), "legal"));
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                try {
                    exporter.export(window);
                } catch (RuntimeException expected) {
                    // the run may stop as a whole: the destination is not the one we trust
                }
                long delivered = exporter.ledger().rowsIn(window.from(), window.to()).stream()
                        .filter(r -> r.state() == RecordingState.DELIVERED).count();
                boolean anyFile = Files.exists(sftp.root().resolve("legal"));
                Figures.report("unsafe defaults: SFTP host key", 1, seed, "writesToImpostor=" + sftp.writes()
                        + " delivered=" + delivered + " filesOnImpostor=" + anyFile);
                assertEquals(0, sftp.writes(), "bytes written to a server with an unknown host key");
                assertEquals(0, delivered);
                assertTrue(!anyFile, "nothing created on the impostor");
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        }
    }
}
