package dev.holdfast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.GroundTruth;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Journal;
import dev.holdfast.sandbox.Scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The performance benchmark of issue 7: starts the sandbox with seeded scenarios, runs the real
 * {@code holdfast export} command against it (a fresh JVM per run, as users run it) and the tutorial-style
 * {@link SequentialExporter}, checks every delivered byte against the sandbox's ground truth, and reports
 * medians. Run it through {@code bench/run.sh}; {@code --help} lists the options.
 */
public final class Benchmark {

    private static final double MIB = 1024.0 * 1024.0;

    private final Options options;
    private final ExportRuns exports;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();

    private Benchmark(Options options) {
        this.options = options;
        this.exports = new ExportRuns(options.jar, options.classes);
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--render")) {
            System.out.print(render(Arrays.stream(args).skip(1).map(Path::of).toArray(Path[]::new)));
            return;
        }
        Options options = Options.parse(args);
        if (options == null) {
            System.out.print(Options.HELP);
            return;
        }
        Benchmark benchmark = new Benchmark(options);
        boolean ok = benchmark.run();
        System.exit(ok ? 0 : 1);
    }

    /** The report again from the raw figures of earlier runs (several files: suite by suite, the last file's figures win). */
    @SuppressWarnings("unchecked")
    static String render(Path... raws) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Map<String, Object>>> merged = new LinkedHashMap<>();
        String machine = "";
        StringBuilder commands = new StringBuilder();
        long seed = 0;
        for (Path raw : raws) {
            Map<String, Object> all = json.readValue(raw.toFile(), Map.class);
            machine = (String) all.get("machine");
            seed = ((Number) all.get("seed")).longValue();
            commands.append(commands.length() == 0 ? "" : "`; `").append(all.get("command"));
            // a suite measured again in a later file replaces the earlier figures
            merged.putAll((Map<String, List<Map<String, Object>>>) all.get("results"));
        }
        return Report.render(machine, commands.toString(), seed, merged);
    }

    private boolean run() throws Exception {
        Files.createDirectories(options.out);
        Path work = Files.createTempDirectory("holdfast-bench-");
        log("machine: " + machine() + "; work in " + work);
        int runs = options.runs;
        for (int i = 1; i <= Math.max(runs, options.baselineRuns); i++) {
            // Holdfast and the baseline in turn, so a drift of the shared machine touches both alike
            if (options.suites.contains("default") && i <= runs) {
                record("default", holdfastRun("default", Scenario.defaults(options.seed), work.resolve("default-" + i), i));
            }
            if (options.suites.contains("baseline") && i <= options.baselineRuns) {
                record("baseline", baselineRun(work.resolve("baseline-" + i), i));
            }
        }
        if (options.suites.contains("memory")) {
            for (int i = 1; i <= runs; i++) {
                for (long mb : options.sizesMb) {
                    record("memory", memoryRun(mb, work.resolve("memory-" + mb + "-" + i), i));
                }
            }
        }
        if (options.suites.contains("large")) {
            Scenario large = Scenario.builder(options.seed).conversations(options.largeConversations).heldShare(1.0)
                    .rateLimitPerMinute(300).build();
            for (int i = 1; i <= options.largeRuns; i++) {
                record("large", holdfastRun("large", large, work.resolve("large-" + i), i));
            }
        }
        if (options.suites.contains("nodes")) {
            for (int i = 1; i <= options.nodesRuns; i++) {
                // one node and three in turn, so a drift of the shared machine touches both alike
                for (int nodes : List.of(1, 3)) {
                    record("nodes", NodeScaling.run(nodes, options.seed, options.nodesConversations, options.settings,
                            work.resolve("nodes-" + nodes + "-" + i), i));
                    log("nodes run " + i + ": " + summary(results.get("nodes").get(results.get("nodes").size() - 1)));
                }
            }
        }
        if (options.suites.contains("busy-org")) {
            for (int i = 1; i <= options.runs; i++) {
                record("busy-org", BusyOrg.run(options, work.resolve("busy-org-" + i), i));
            }
        }
        if (options.suites.contains("discovery-memory")) {
            for (int i = 1; i <= options.runs; i++) {
                record("discovery-memory", DiscoveryMemory.run(options, work.resolve("discovery-memory-" + i), i));
            }
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("machine", machine());
        all.put("command", options.command);
        all.put("seed", options.seed);
        all.put("results", results);
        Path raw = options.out.resolve(stamp + ".json");
        json.writerWithDefaultPrettyPrinter().writeValue(raw.toFile(), all);
        String report = Report.render(machine(), options.command, options.seed, results);
        Path md = options.out.resolve(stamp + ".md");
        Files.writeString(md, report);
        System.out.println();
        System.out.println(report);
        log("raw figures " + raw + ", report " + md);
        boolean ok = results.values().stream().flatMap(List::stream).allMatch(r -> Boolean.TRUE.equals(r.get("correct")));
        if (!ok) {
            log("SOME RUNS DELIVERED THE WRONG SET OR WRONG BYTES: see 'problems' in " + raw);
        }
        return ok;
    }

    private Map<String, Object> holdfastRun(String suite, Scenario scenario, Path work, int i) throws Exception {
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            GroundTruth truth = sandbox.groundTruth();
            Instant to = Instant.now();
            Instant from = to.minus(scenario.span());
            List<String> jvm = new ArrayList<>(options.jvmOptions);
            log(suite + " run " + i + ": " + truth.heldConversationIds().size() + " held conversations, "
                    + truth.held().size() + " held recordings; holdfast export until settled ...");
            ExportRuns.Settled settled = exports.settle(sandbox, work, from, to, jvm, options.settings);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", i);
            r.put("heldConversations", truth.heldConversationIds().size());
            r.put("heldRecordings", truth.held().size());
            List<String> problems = new ArrayList<>();
            Map<String, String> files = Delivered.holdfastFiles(settled.exportDir(), problems);
            problems = Delivered.check(truth, files, true, problems);
            r.put("delivered", Delivered.recordings(files));
            r.put("exportable", truth.held().stream().filter(HeldRecording::exportable).count());
            r.put("correct", problems.isEmpty());
            r.put("problems", problems.stream().limit(20).toList());
            r.put("wallSeconds", settled.wallSeconds());
            r.put("exportRuns", settled.invocations());
            r.put("peakRssKb", settled.peakRssKb());
            r.put("peakHeapUsed", settled.peakHeapUsed());
            r.put("peakHeapAfterGc", settled.peakHeapAfterGc());
            journal(r, sandbox.journal(), scenario.rateLimitPerMinute(), Delivered.recordings(files), settled.wallSeconds());
            log(suite + " run " + i + ": " + summary(r));
            return r;
        }
    }

    private Map<String, Object> baselineRun(Path work, int i) throws Exception {
        Scenario scenario = Scenario.defaults(options.seed);
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            GroundTruth truth = sandbox.groundTruth();
            Instant to = Instant.now();
            Instant from = to.minus(scenario.span());
            log("baseline run " + i + ": sequential tutorial-style export ...");
            SequentialExporter baseline = new SequentialExporter(sandbox.baseUrl(), sandbox.baseUrl(),
                    scenario.clientId(), scenario.clientSecret(), "legal_hold", "true", Duration.ofSeconds(5));
            long started = System.nanoTime();
            SequentialExporter.Result result = baseline.export(from, to, work);
            double wall = (System.nanoTime() - started) / 1e9;
            List<String> problems = Delivered.check(truth, result.sha256ByRecording(), false, new ArrayList<>());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", i);
            r.put("heldConversations", truth.heldConversationIds().size());
            r.put("heldRecordings", truth.held().size());
            r.put("delivered", result.delivered());
            r.put("skipped", result.skipped());
            r.put("correct", problems.isEmpty());
            r.put("problems", problems.stream().limit(20).toList());
            r.put("wallSeconds", wall);
            journal(r, sandbox.journal(), scenario.rateLimitPerMinute(), result.delivered(), wall);
            log("baseline run " + i + ": " + summary(r));
            return r;
        }
    }

    private Map<String, Object> memoryRun(long mb, Path work, int i) throws Exception {
        long bytes = mb * 1024 * 1024;
        Scenario scenario = Scenario.builder(options.seed).conversations(0).bigRecording(bytes).build();
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            HeldRecording big = sandbox.groundTruth().held().get(0);
            Instant to = Instant.now();
            Instant from = to.minus(scenario.span());
            List<String> jvm = new ArrayList<>(options.jvmOptions);
            jvm.add("-Xmx" + options.memoryXmx);
            log("memory run " + i + ": " + mb + " MB recording, holdfast export under -Xmx" + options.memoryXmx + " ...");
            ExportRuns.Settled settled = exports.settle(sandbox, work, from, to, jvm, options.settings);
            List<String> problems = new ArrayList<>();
            Map<String, String> files = Delivered.holdfastFiles(settled.exportDir(), problems);
            problems = Delivered.check(sandbox.groundTruth(), files, true, problems);
            double download = Delivered.custodySeconds(settled.exportDir(), big.recordingId(), "resolved", "downloaded");
            double endToEnd = Delivered.custodySeconds(settled.exportDir(), big.recordingId(), "resolved", "delivered");
            long apiRequests = sandbox.journal().apiRequests();
            String url = mediaUrl(sandbox, big);
            double copy = plainCopy(url, big, work.resolve("plain-copy.wav"));
            double coldCopy = coldCopy(url, big, work.resolve("cold-copy.wav"), false);
            double coldHashed = coldCopy(url, big, work.resolve("cold-copy.wav"), true);
            double curl = curlCopy(url, big, work.resolve("curl-copy.wav"));

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", i);
            r.put("sizeMb", mb);
            r.put("bytes", big.directSize());
            r.put("correct", problems.isEmpty());
            r.put("problems", problems);
            r.put("apiRequests", apiRequests);
            r.put("plainCopySeconds", copy);
            r.put("plainCopyBytesPerSecond", big.directSize() / copy);
            r.put("coldJvmCopyBytesPerSecond", big.directSize() / coldCopy);
            r.put("coldJvmCopySha256BytesPerSecond", big.directSize() / coldHashed);
            if (curl > 0) {
                r.put("curlCopyBytesPerSecond", big.directSize() / curl);
            }
            r.put("downloadSeconds", download);
            r.put("downloadBytesPerSecond", big.directSize() / download);
            r.put("endToEndSeconds", endToEnd);
            r.put("endToEndBytesPerSecond", big.directSize() / endToEnd);
            r.put("wallSeconds", settled.wallSeconds());
            r.put("peakRssKb", settled.peakRssKb());
            r.put("peakHeapUsed", settled.peakHeapUsed());
            r.put("peakHeapAfterGc", settled.peakHeapAfterGc());
            log("memory run " + i + ": " + summary(r));
            return r;
        }
    }

    /** A fresh media URL of the big recording, fetched the way a client would (token, then the recording). */
    private String mediaUrl(GenesysSandbox sandbox, HeldRecording big) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String basic = Base64.getEncoder().encodeToString((sandbox.scenario().clientId() + ":"
                + sandbox.scenario().clientSecret()).getBytes(StandardCharsets.UTF_8));
        JsonNode tokenAnswer = json.readTree(http.send(HttpRequest.newBuilder(sandbox.baseUrl().resolve("/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode recording = json.readTree(http.send(HttpRequest.newBuilder(sandbox.baseUrl().resolve(
                "/api/v2/conversations/" + big.conversationId() + "/recordings/" + big.recordingId() + "?formatId=WAV"))
                .header("Authorization", "Bearer " + tokenAnswer.path("access_token").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return recording.path("mediaUris").elements().next().path("mediaUri").asText();
    }

    /** A plain copy of the same media URL to disk with the JDK's HttpClient, in this (warm) JVM: the ceiling for bytes. */
    private double plainCopy(String url, HeldRecording big, Path file) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long started = System.nanoTime();
        HttpResponse<Path> copied = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (copied.statusCode() != 200 || Files.size(file) != big.directSize()) {
            throw new IllegalStateException("plain copy got HTTP " + copied.statusCode() + ", " + Files.size(file) + " bytes");
        }
        Files.delete(file);
        return seconds;
    }

    /** The same copy in a fresh JVM ({@link PlainCopy}), cold as an export run is; optionally hashing on the way. */
    private double coldCopy(String url, HeldRecording big, Path file, boolean sha256) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.memoryXmx, "-cp", options.jar.toAbsolutePath() + java.io.File.pathSeparator
                        + options.classes.toAbsolutePath(), PlainCopy.class.getName(), url, file.toString()));
        if (sha256) {
            command.add("sha256");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0 || Files.size(file) != big.directSize()) {
            throw new IllegalStateException("cold copy failed: " + out);
        }
        Files.delete(file);
        return Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** The same copy with curl, when it is installed (-1 otherwise): a copy with no JVM at all. */
    private static double curlCopy(String url, HeldRecording big, Path file) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/curl"))) {
            return -1;
        }
        Process process = new ProcessBuilder("/usr/bin/curl", "-sS", "-o", file.toString(), "-w", "%{time_total}", url)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0 || Files.size(file) != big.directSize()) {
            throw new IllegalStateException("curl copy failed: " + out);
        }
        Files.delete(file);
        return Double.parseDouble(out.replace(',', '.'));
    }

    private static void journal(Map<String, Object> r, Journal journal, int limitPerMinute, int delivered, double wall) {
        long requests = journal.apiRequests();
        r.put("apiRequests", requests);
        r.put("tokenRequests", journal.tokenRequests());
        r.put("requestsPerDelivered", delivered == 0 ? Double.NaN : (double) requests / delivered);
        r.put("deliveredPerMinute", delivered / (wall / 60.0));
        double floor = requests * 60.0 / limitPerMinute;
        r.put("rateLimitFloorSeconds", floor);
        r.put("wallOverFloor", wall / floor);
        r.put("peakRequestsPerMinute", journal.peakRequestsPerMinute());
        r.put("tooManyRequests", journal.tooManyRequestsSent());
        r.put("retryAfterViolations", journal.retryAfterViolations());
        r.put("mediaRequests", journal.mediaRequests());
        r.put("mediaRequestsWithAuthorization", journal.mediaRequestsWithAuthorization());
        r.put("requestsByEndpoint", journal.requestsByEndpoint());
    }

    private void record(String suite, Map<String, Object> run) {
        results.computeIfAbsent(suite, k -> new ArrayList<>()).add(run);
    }

    private static String summary(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        for (String key : List.of("correct", "nodes", "firstFiringToLastDeliverySeconds", "deliveredByNode",
                "steadyRequestsPerRun", "steadyBudgetShare", "discoveryHeapAfterGc", "fitsInXmx", "delivered", "wallSeconds", "exportRuns", "apiRequests", "requestsPerDelivered",
                "deliveredPerMinute", "wallOverFloor", "tooManyRequests", "plainCopyBytesPerSecond", "downloadBytesPerSecond",
                "endToEndBytesPerSecond", "peakHeapUsed", "peakHeapAfterGc", "peakRssKb")) {
            Object v = r.get(key);
            if (v != null) {
                s.append(key).append('=').append(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v).append(' ');
            }
        }
        if (!Boolean.TRUE.equals(r.get("correct"))) {
            s.append("problems=").append(r.get("problems"));
        }
        return s.toString().trim();
    }

    static String machine() {
        long memKb = 0;
        String cpu = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: cores and JVM only
        }
        return Runtime.getRuntime().availableProcessors() + " cores" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
                + (memKb > 0 ? ", " + Math.round(memKb / 1024.0 / 1024.0) + " GiB" : "")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + ", Java " + System.getProperty("java.runtime.version");
    }

    static void log(String message) {
        System.err.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now())
                .substring(0, 8) + "] " + message);
    }

    /** The command-line options. */
    static final class Options {
        static final String HELP = """
                usage: Benchmark [options]      or: Benchmark --render RAW.json [RAW.json ...]
                  --suites LIST          default,baseline,memory,large,nodes,busy-org,discovery-memory
                                         (default: the first four)
                  --runs N               repetitions of default, each memory size, busy-org and
                                         discovery-memory (default 5)
                  --baseline-runs N      repetitions of the baseline (default 3; about 4 minutes each)
                  --large-runs N         repetitions of the rate-limit-bound scenario (default 1; minutes each)
                  --large-conversations N  held conversations in it (default 2000, all held, sandbox at 300/min)
                  --nodes-runs N         repetitions of the nodes suite, each one node then three (default 3)
                  --nodes-conversations N  held conversations of the nodes suite (default 2000; all held, the
                                         sandbox at 300/min per client)
                  --busy-calls-per-hour N  calls per hour of the busy-org suite (default 4000, 2 % held)
                  --busy-hours N         simulated hours of the busy-org suite after its first run (default 2)
                  --busy-end HH:MM       UTC time of day the simulated hours end (default 23:45: the analytics
                                         query answers whole days, so the end of a day is its dearest time)
                  --discovery-conversations N  conversations in the discovery-memory window (default 100000)
                  --discovery-xmx SIZE   -Xmx of the discovery JVM: the booted exporter and discovery (default 128m)
                  --sizes LIST           recording sizes in MB for the memory suite (default 10,100,300)
                  --memory-xmx SIZE      the exporter's -Xmx in the memory suite (default 160m)
                  --seed N               scenario seed (default 7)
                  --set key=value        a Holdfast setting for every export run (repeatable), e.g. holdfast.concurrency=8
                  --jvm OPTION           a JVM option for every export run (repeatable)
                  --jar PATH             the Holdfast jar (default target/holdfast.jar)
                  --classes PATH         these classes (default target/test-classes)
                  --out DIR              where the report and raw figures go (default bench/results)
                """;

        Set<String> suites = new LinkedHashSet<>(List.of("default", "baseline", "memory", "large"));
        int runs = 5;
        int baselineRuns = 3;
        int largeRuns = 1;
        int largeConversations = 2000;
        int nodesRuns = 3;
        int nodesConversations = 2000;
        int busyCallsPerHour = 4000;
        int busyHours = 2;
        java.time.LocalTime busyEndOfDay = java.time.LocalTime.of(23, 45);
        int discoveryConversations = 100_000;
        String discoveryXmx = "128m";
        List<Long> sizesMb = List.of(10L, 100L, 300L);
        String memoryXmx = "160m";
        long seed = 7;
        Map<String, String> settings = new TreeMap<>();
        List<String> jvmOptions = new ArrayList<>();
        Path jar = Path.of("target/holdfast.jar");
        Path classes = Path.of("target/test-classes");
        Path out = Path.of("bench/results");
        String command;

        static Options parse(String[] args) {
            Options o = new Options();
            o.command = String.join(" ", args);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    return null;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--suites" -> o.suites = new LinkedHashSet<>(Arrays.asList(v.split(",")));
                    case "--runs" -> o.runs = Integer.parseInt(v);
                    case "--baseline-runs" -> o.baselineRuns = Integer.parseInt(v);
                    case "--large-runs" -> o.largeRuns = Integer.parseInt(v);
                    case "--large-conversations" -> o.largeConversations = Integer.parseInt(v);
                    case "--nodes-runs" -> o.nodesRuns = Integer.parseInt(v);
                    case "--nodes-conversations" -> o.nodesConversations = Integer.parseInt(v);
                    case "--busy-calls-per-hour" -> o.busyCallsPerHour = Integer.parseInt(v);
                    case "--busy-hours" -> o.busyHours = Integer.parseInt(v);
                    case "--busy-end" -> o.busyEndOfDay = java.time.LocalTime.parse(v);
                    case "--discovery-conversations" -> o.discoveryConversations = Integer.parseInt(v);
                    case "--discovery-xmx" -> o.discoveryXmx = v;
                    case "--sizes" -> o.sizesMb = Arrays.stream(v.split(",")).map(Long::parseLong).toList();
                    case "--memory-xmx" -> o.memoryXmx = v;
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--set" -> o.settings.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
                    case "--jvm" -> o.jvmOptions.add(v);
                    case "--jar" -> o.jar = Path.of(v);
                    case "--classes" -> o.classes = Path.of(v);
                    case "--out" -> o.out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + HELP);
                }
            }
            Set<String> known = Set.of("default", "baseline", "memory", "large", "nodes", "busy-org", "discovery-memory");
            if (!known.containsAll(o.suites)) {
                throw new IllegalArgumentException("suites are " + new TreeSet<>(known));
            }
            return o;
        }
    }

    static double median(List<Map<String, Object>> runs, String key) {
        return median(runs, r -> ((Number) r.get(key)).doubleValue());
    }

    static double median(List<Map<String, Object>> runs, ToDoubleFunction<Map<String, Object>> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double min(List<Map<String, Object>> runs, String key) {
        return runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).min().orElse(Double.NaN);
    }

    static double max(List<Map<String, Object>> runs, String key) {
        return runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).max().orElse(Double.NaN);
    }

    static Stream<String> endpoints(List<Map<String, Object>> runs) {
        return runs.stream().flatMap(r -> ((Map<?, ?>) r.get("requestsByEndpoint")).keySet().stream().map(Object::toString))
                .distinct().sorted(Comparator.naturalOrder());
    }

    static double mib(double bytes) {
        return bytes / MIB;
    }
}
