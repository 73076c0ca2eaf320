package dev.holdfast.reliability;

import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.SftpTestServer;
import dev.holdfast.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario (g): the SFTP connection is cut (RST, by a {@link TcpProxy} between the exporter and the server) once
 * half of a large recording's bytes are written; in the long run, on each of its first three attempts. While it
 * runs, the destination is watched: no write ever goes to a final name, and no file under a final name is ever
 * short. Afterwards: delivered once with the served SHA-256, no {@code .part} left.
 */
class SftpCutMidFileTest {

    private static final long BIG = 6L * 1024 * 1024 + 777;

    @TempDir
    Path work;

    @Test
    void sftp_cut_mid_file_leaves_no_partial_final_file_and_delivers_once() throws Exception {
        long seed = Figures.seed(671);
        int cuts = Figures.n(1, 3);
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try (GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(seed).conversations(30).bigRecording(BIG).build(),
                "127.0.0.1", 0);
             SftpTestServer sftp = SftpTestServer.start();
             TcpProxy proxy = TcpProxy.to("127.0.0.1", sftp.port())) {
            HeldRecording big = sandbox.groundTruth().held().stream()
                    .max(Comparator.comparingLong(HeldRecording::directSize)).orElseThrow();
            long size = big.directSize();
            String reviewExt = "." + KeyBuilder.extension(big.directContentType());
            // each final name of the big recording and the only size a reader may ever see under it
            Map<String, Long> finalSizes = Map.of(big.recordingId() + reviewExt, size,
                    big.recordingId() + ".original." + KeyBuilder.extension(big.batchContentType()), big.batchSize());
            assertTrue(size >= BIG - 16, "the sandbox serves the big recording: " + size);
            Path root = sftp.root().resolve("legal");
            AtomicInteger cutsDone = new AtomicInteger();
            AtomicInteger attempts = new AtomicInteger();
            AtomicLong bytesAtCut = new AtomicLong();
            List<String> writesToFinalNames = new CopyOnWriteArrayList<>();
            sftp.observeWrites((file, offset, length) -> {
                String name = file.getFileName().toString();
                if (!name.endsWith(".part")) {
                    writesToFinalNames.add(name);
                    return;
                }
                // the cut is made in the big review copy (its stored original, in its own codec, is far smaller)
                if (!name.equals(big.recordingId() + reviewExt + ".part")) {
                    return;
                }
                if (offset == 0) {
                    attempts.incrementAndGet();
                }
                if (offset + length >= size / 2 && cutsDone.get() < cuts && cutsDone.get() < attempts.get()) {
                    cutsDone.incrementAndGet();
                    bytesAtCut.set(offset + length);
                    proxy.cut();
                    throw new IOException("connection cut by the test");
                }
            });
            // the destination as any reader would see it, every 5 ms: a final name must never be short
            Map<String, Long> shortFinals = new ConcurrentHashMap<>();
            AtomicLong looks = new AtomicLong();
            watcher.scheduleWithFixedDelay(() -> {
                looks.incrementAndGet();
                if (!Files.isDirectory(root)) {
                    return;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(f -> {
                        String name = f.getFileName().toString();
                        Long expected = finalSizes.get(name);
                        if (expected != null && f.toFile().length() != expected) {
                            shortFinals.merge(name, f.toFile().length(), Math::min);
                        }
                    });
                } catch (IOException | java.io.UncheckedIOException e) {
                    // a file renamed while walked: look again next time
                }
            }, 0, 5, TimeUnit.MILLISECONDS);

            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(Destinations.sftp(proxy.port(), sftp.knownHostsFileFor(proxy.port()), "legal"));
            long started = System.nanoTime();
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
                watcher.shutdown();
                assertTrue(watcher.awaitTermination(10, TimeUnit.SECONDS));
                Invariants.Result result = Invariants.assertAllDelivered(sandbox, exporter.ledger(), DestinationView.folder(root));
                List<Path> parts;
                try (Stream<Path> files = Files.walk(sftp.root())) {
                    parts = files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
                }
                Figures.report("g SFTP cut mid-file", cuts, seed, "cuts=" + cutsDone.get() + " at~" + bytesAtCut.get()
                        + "/" + size + "B attemptsOfBig=" + attempts.get() + " runs=" + exporter.runs().size()
                        + " shortFinalsSeen=" + shortFinals.size() + " writesToFinalNames=" + writesToFinalNames.size()
                        + " leftoverPart=" + parts.size() + " proxyConnections=" + proxy.connections()
                        + " destinationLooks=" + looks.get() + " time=" + String.format("%.0fs", (System.nanoTime() - started) / 1e9)
                        + " " + result);
                assertEquals(cuts, cutsDone.get(), "the connection was cut mid-file");
                assertEquals(Map.of(), shortFinals, "I4: a short file under a final name");
                assertEquals(List.of(), writesToFinalNames, "I4: writes straight to a final name");
                assertEquals(List.of(), parts, "I4: .part files left after success");
                assertEquals(cuts + 1, attempts.get(), "one more upload of the big recording than cuts");
            }
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": " + t.getMessage(), t);
        } finally {
            watcher.shutdownNow();
        }
    }
}
