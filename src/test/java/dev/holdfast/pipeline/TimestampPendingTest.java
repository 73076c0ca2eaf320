package dev.holdfast.pipeline;

import dev.holdfast.cli.Holdfast;
import dev.holdfast.config.ExitCode;
import dev.holdfast.discover.Window;
import dev.holdfast.run.RunSummary;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.TestTsa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A TSA that cannot be reached: the bag is sealed all the same, its timestamp pending until a later run gets it. */
class TimestampPendingTest {

    private static final String TSR = "tagmanifest-sha256.txt.tsr";

    @TempDir
    Path work;

    @Test
    void a_tsa_that_gives_no_token_leaves_the_bag_sealed_and_export_exits_3_until_a_later_run_gets_it() throws Exception {
        try (TestTsa tsa = TestTsa.start("Holdfast Test");
             GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(53).conversations(12).build(), "127.0.0.1", 0)) {
            Path export = work.resolve("export");
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.folder(export));
            settings.put("holdfast.tsa.url", tsa.url());
            tsa.down(true);
            try (Exporter exporter = Exporter.start(settings)) {
                Window window = exporter.defaultWindow();
                RunSummary[] last = new RunSummary[1];
                // until everything else is settled: only the timestamps are left
                await().atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            RunSummary s = last[0] = exporter.export(window);
                            return s.pendingCount() == 0 && s.openCount() == 0 && s.conversationsNotListed() == 0
                                    && !s.bagLeftOpen();
                        });
                assertEquals(ExitCode.PENDING, last[0].exitCode(), last[0].render());
                List<Path> bags = bags(export);
                assertFalse(bags.isEmpty());
                assertEquals(bags.size(), last[0].timestampsPending(), last[0].render());
                for (Path bag : bags) {
                    assertTrue(Files.exists(bag.resolve("tagmanifest-sha256.txt")), bag + " is sealed");
                    assertFalse(Files.exists(bag.resolve(TSR)), bag + " has no token yet");
                }
                assertEquals(0, tsa.granted());
                Path ca = tsa.writeCa(work.resolve("ca.pem"));
                assertEquals(4, verify(export, settings, ca), "verify names the bags without a timestamp");

                tsa.down(false);
                RunSummary after = exporter.export(window);
                assertEquals(ExitCode.COMPLETE, after.exitCode(), after.render());
                assertEquals(0, after.timestampsPending());
                for (Path bag : bags) {
                    assertTrue(Files.exists(bag.resolve(TSR)), bag + " got its token on the later run");
                }
                assertEquals(0, verify(export, settings, ca));
            }
        }
    }

    private static int verify(Path destination, Map<String, String> settings, Path ca) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return Holdfast.execute(new String[] {"verify", "--holdfast.destination=file", "--holdfast.file.dir=" + destination,
                "--holdfast.db.url=" + settings.get("holdfast.db.url"), "--holdfast.tsa.trust-store=" + ca},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8)).code();
    }

    private static List<Path> bags(Path root) throws Exception {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith("holdfast-")).sorted().toList();
        }
    }
}
