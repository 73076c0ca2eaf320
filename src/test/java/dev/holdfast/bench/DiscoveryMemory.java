package dev.holdfast.bench;

import dev.holdfast.cli.SandboxSettings;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code discovery-memory} suite: one window of 100,000 conversations (48 h, 2 % held, the data lake two hours
 * behind: most through the analytics job's cursor pages, the tail through the paged query and the conversation
 * records), read by {@link DiscoveryProbe} in a JVM of its own under a small {@code -Xmx}. The sandbox's rate limit
 * is lifted and the exporter's pace with it: this suite measures memory, and 100,000 conversations at 300 requests a
 * minute would take a quarter of an hour per run for no other figure.
 */
final class DiscoveryMemory {

    private DiscoveryMemory() {
    }

    static Map<String, Object> run(Benchmark.Options options, Path work, int i) throws Exception {
        Scenario scenario = Scenario.builder(options.seed).conversations(options.discoveryConversations).heldShare(0.02)
                .rateLimitPerMinute(1_000_000).build();
        Files.createDirectories(work);
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Instant to = Instant.now();
            Instant from = to.minus(scenario.span());
            Map<String, String> settings = new LinkedHashMap<>(SandboxSettings.pointingAt(sandbox));
            settings.put("holdfast.db.url", "jdbc:h2:file:" + work.resolve("ledger").toAbsolutePath());
            settings.put("holdfast.spool-dir", work.resolve("spool").toAbsolutePath().toString());
            settings.put("holdfast.file.dir", work.resolve("export").toAbsolutePath().toString());
            settings.put("genesys.requests-per-minute", "1000000");
            Path figures = work.resolve("discovery.properties");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + options.discoveryXmx, "-XX:+UseSerialGC", "-cp",
                    options.jar.toAbsolutePath() + java.io.File.pathSeparator + options.classes.toAbsolutePath(),
                    DiscoveryProbe.class.getName(), from.toString(), to.toString(), figures.toString()));
            settings.forEach((k, v) -> command.add(k + "=" + v));
            Benchmark.log("discovery-memory run " + i + ": " + scenario.conversations() + " conversations in the window, "
                    + sandbox.groundTruth().heldConversationIds().size() + " held; discovery under -Xmx"
                    + options.discoveryXmx + " ...");
            long started = System.nanoTime();
            Process probe = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("probe.log").toFile()).start();
            int exit = probe.waitFor();
            Properties p = new Properties();
            if (Files.exists(figures)) {
                try (var in = Files.newInputStream(figures)) {
                    p.load(in);
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", i);
            r.put("conversations", scenario.conversations());
            r.put("heldConversations", sandbox.groundTruth().heldConversationIds().size());
            long found = Long.parseLong(p.getProperty("heldFound", "-1"));
            r.put("heldFound", found);
            // the data lake repeats none here (repeatedShare 0): every held conversation once
            boolean complete = found == sandbox.groundTruth().heldConversationIds().size();
            r.put("correct", exit == 0 && complete);
            r.put("problems", exit != 0 ? List.of("probe exited " + exit + ": see " + work.resolve("probe.log"))
                    : complete ? List.of() : List.of("held conversations found " + found));
            r.put("xmx", options.discoveryXmx);
            r.put("fitsInXmx", exit == 0 && !p.containsKey("outOfMemory"));
            for (String key : List.of("baselineLiveHeap", "peakLiveHeap", "discoveryLiveHeap", "maxHeap")) {
                r.put(key, Long.parseLong(p.getProperty(key, "-1")));
            }
            r.put("discoveryHeapAfterGc", r.get("discoveryLiveHeap"));
            r.put("discoverySeconds", Double.parseDouble(p.getProperty("discoverySeconds", "NaN")));
            r.put("wallSeconds", (System.nanoTime() - started) / 1e9);
            r.put("apiRequests", sandbox.journal().apiRequests());
            r.put("requestsByEndpoint", sandbox.journal().requestsByEndpoint());
            Benchmark.log("discovery-memory run " + i + ": live heap " + mib(r.get("baselineLiveHeap")) + " MiB booted, "
                    + mib(r.get("peakLiveHeap")) + " MiB at most during discovery: " + mib(r.get("discoveryLiveHeap"))
                    + " MiB kept by discovery; " + found + " held found, exit " + exit);
            return r;
        }
    }

    private static String mib(Object bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", ((Number) bytes).longValue() / 1024.0 / 1024.0);
    }
}
