package dev.holdfast.bench;

import dev.holdfast.cli.SandboxSettings;
import dev.holdfast.sandbox.GenesysSandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real {@code holdfast export} command, each time in a fresh JVM as a user or a cron job would, against
 * a sandbox until the window is settled (exit 0), waiting between runs until the earliest pending recording is
 * due (as {@code demo} does). Each run is wrapped in {@code /usr/bin/time -v} (peak RSS) and in
 * {@link MeasuredExport} (peak heap from the JVM's MXBeans).
 */
final class ExportRuns {

    /** What it took to settle one window. */
    record Settled(double wallSeconds, int invocations, long peakRssKb, long peakHeapUsed, long peakHeapAfterGc,
            Path exportDir) {
    }

    private static final int MAX_INVOCATIONS = 25;
    private static final Duration MAX_WAIT_BETWEEN = Duration.ofSeconds(60);

    private final Path jar;
    private final Path classes;
    private final Path time;

    ExportRuns(Path jar, Path classes) {
        this.jar = jar.toAbsolutePath();
        this.classes = classes.toAbsolutePath();
        Path gnuTime = Path.of("/usr/bin/time");
        this.time = Files.isExecutable(gnuTime) ? gnuTime : null;
    }

    boolean measuresRss() {
        return time != null;
    }

    Settled settle(GenesysSandbox sandbox, Path work, Instant from, Instant to, List<String> jvmOptions,
            Map<String, String> settings) throws IOException, InterruptedException {
        Path export = work.resolve("export");
        Files.createDirectories(work);
        Map<String, String> all = new LinkedHashMap<>(SandboxSettings.pointingAt(sandbox));
        all.put("holdfast.destination", "file");
        all.put("holdfast.file.dir", export.toAbsolutePath().toString());
        all.put("holdfast.db.url", "jdbc:h2:file:" + work.resolve("ledger").toAbsolutePath());
        all.put("holdfast.spool-dir", work.resolve("spool").toAbsolutePath().toString());
        all.putAll(settings);

        long peakRss = -1;
        long peakHeap = 0;
        long peakLive = 0;
        long started = System.nanoTime();
        for (int invocation = 1; invocation <= MAX_INVOCATIONS; invocation++) {
            Path heapFile = work.resolve("heap-" + invocation + ".properties");
            Path timeFile = work.resolve("time-" + invocation + ".txt");
            List<String> command = new ArrayList<>();
            if (time != null) {
                command.addAll(List.of(time.toString(), "-v", "-o", timeFile.toString()));
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-Dbench.heap.out=" + heapFile);
            command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + classes, MeasuredExport.class.getName(),
                    "export", "--from", from.toString(), "--to", to.toString()));
            all.forEach((k, v) -> command.add("--" + k + "=" + v));
            Process process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("export-" + invocation + ".log").toFile()).start();
            int exit = process.waitFor();
            Properties heap = read(heapFile);
            peakHeap = Math.max(peakHeap, Long.parseLong(heap.getProperty("peakHeapUsed", "0")));
            peakLive = Math.max(peakLive, Long.parseLong(heap.getProperty("peakHeapAfterGc", "0")));
            peakRss = Math.max(peakRss, rssKb(timeFile));
            if (exit == 0) {
                return new Settled((System.nanoTime() - started) / 1e9, invocation, peakRss, peakHeap, peakLive, export);
            }
            if (exit != 3) {
                throw new IllegalStateException("holdfast export exited " + exit + ": see " + work.resolve("export-" + invocation + ".log"));
            }
            TimeUnit.MILLISECONDS.sleep(untilDue(export));
        }
        throw new IllegalStateException("window not settled after " + MAX_INVOCATIONS + " export runs: see " + work);
    }

    /** Milliseconds until the earliest pending recording is due, from the newest bag's reconciliation. */
    private static long untilDue(Path export) throws IOException {
        Path newest;
        try (Stream<Path> bags = Files.list(export)) {
            newest = bags.filter(p -> p.getFileName().toString().startsWith("holdfast-"))
                    .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
        } catch (java.nio.file.NoSuchFileException e) {
            return 1000;
        }
        Path csv = newest == null ? null : newest.resolve("reconciliation.csv");
        if (csv == null || !Files.exists(csv)) {
            return 1000;
        }
        Instant now = Instant.now();
        Instant next = now.plus(MAX_WAIT_BETWEEN);
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",", -1);
            if (f.length >= 9 && "pending".equals(f[2]) && !f[8].isEmpty()) {
                Instant due = Instant.parse(f[8]);
                if (due.isBefore(next)) {
                    next = due;
                }
            }
        }
        return Math.max(200, Duration.between(now, next).toMillis());
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    private static long rssKb(Path timeFile) {
        if (!Files.exists(timeFile)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(timeFile)) {
                String t = line.trim();
                if (t.startsWith("Maximum resident set size (kbytes):")) {
                    return Long.parseLong(t.substring(t.indexOf(':') + 1).trim());
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
