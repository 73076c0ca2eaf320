package dev.holdfast.bench;

import dev.holdfast.cli.SandboxSettings;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.GroundTruth;
import dev.holdfast.sandbox.HeldRecording;
import dev.holdfast.sandbox.Journal;
import dev.holdfast.sandbox.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code busy-org} suite: a busy org (4,000 calls an hour, 2 % held, the data lake two hours behind) followed
 * through simulated hours of the schedule, run after run, counting the API requests of each run.
 * <p>
 * How the hours are simulated: the sandbox's clock is set to a past instant ({@link Scenario.Builder#clockStart}) and
 * calls keep arriving after it ({@link Scenario.Builder#arrivals}); between two runs the clock is moved on to the next
 * firing ({@link GenesysSandbox#advanceClock}) instead of waiting a quarter of an hour. Each firing is a fresh
 * {@code holdfast export} JVM on the same ledger with the window service mode gives it: from the previous window's
 * end less the 1 h {@code holdfast.window-overlap} up to the firing. The first run stands for the node's history
 * (its window the three hours before the simulated ones: the tail past the data lake and the overlap), so that the
 * ledger knows what a node in service knows; it is not counted as steady. The exporter's own clock stays real (it only times leases and
 * retries), which is why the simulation lies in the past. Calls that are in progress at a firing, calls that end
 * between firings, the data lake's lag and the recordings' transcoding all follow the sandbox's clock.
 * <p>
 * The sandbox's rate limit and the exporter's pace are lifted: the figure is a count of requests, and the first run
 * (some 8,000 calls in the tail past the data lake, each read once) would otherwise take half an hour before the
 * steady runs even begin. The org has a day of calls before the simulated hours (the analytics query answers whole
 * days, so a day's earlier calls are there to be paged through), and the simulated hours end at 23:45 UTC by
 * default, the dearest time of the day for that query. The share of the budget is the steady runs' requests over what one token
 * may send between two firings (15 min at 300 a minute).
 */
final class BusyOrg {

    static final Duration PERIOD = Duration.ofMinutes(15);
    /** The org's calls before the simulated hours: a whole day (the query's unit), whatever the time of day. */
    private static final Duration HISTORY = Duration.ofHours(24);
    /** The first run's window: the tail past the data lake (2 h behind) and the overlap, before the simulated hours. */
    private static final Duration FIRST_WINDOW = Duration.ofHours(3);
    private static final Duration OVERLAP = Duration.ofHours(1);
    private static final int BUDGET_PER_MINUTE = 300;
    /** Runs left out of "steady": the first, the node's history. */
    private static final int WARM_UP_RUNS = 1;

    private BusyOrg() {
    }

    static Map<String, Object> run(Benchmark.Options options, Path work, int i) throws Exception {
        Instant end = lastBefore(Instant.now(), options.busyEndOfDay);
        Instant start = end.minus(Duration.ofHours(options.busyHours));
        int calls = (int) (options.busyCallsPerHour * (HISTORY.toHours() + options.busyHours));
        Scenario scenario = Scenario.builder(options.seed).conversations(calls).heldShare(0.02)
                .span(HISTORY.plusMinutes(10)).clockStart(start).arrivals(Duration.ofHours(options.busyHours))
                .rateLimitPerMinute(1_000_000).build();
        Files.createDirectories(work);
        Benchmark.log("busy-org run " + i + ": generating " + calls + " calls (" + options.busyCallsPerHour
                + " an hour, 2 % held), simulated from " + start + " to " + end + " ...");
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, String> settings = new LinkedHashMap<>(SandboxSettings.pointingAt(sandbox));
            settings.put("holdfast.db.url", "jdbc:h2:file:" + work.resolve("ledger").toAbsolutePath());
            settings.put("holdfast.spool-dir", work.resolve("spool").toAbsolutePath().toString());
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", work.resolve("export").toAbsolutePath().toString());
            settings.put("genesys.requests-per-minute", "1000000");
            Journal journal = sandbox.journal();
            List<Map<String, Object>> runs = new ArrayList<>();
            Instant previousTo = null;
            int firings = options.busyHours * (int) (Duration.ofHours(1).toMinutes() / PERIOD.toMinutes());
            for (int k = 0; k <= firings; k++) {
                Instant firing = start.plus(PERIOD.multipliedBy(k));
                Duration ahead = Duration.between(sandbox.now(), firing);
                if (!ahead.isNegative()) {
                    sandbox.advanceClock(ahead);
                }
                Instant to = sandbox.now();
                Instant from = previousTo == null ? to.minus(FIRST_WINDOW) : previousTo.minus(OVERLAP);
                journal.reset();
                long started = System.nanoTime();
                int exit = export(options, work, k, from, to, settings);
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("firing", k);
                run.put("window", from + "/" + to);
                run.put("exit", exit);
                run.put("apiRequests", journal.apiRequests());
                run.put("budgetShare", journal.apiRequests() / (double) (PERIOD.toMinutes() * BUDGET_PER_MINUTE));
                run.put("realSeconds", seconds);
                run.put("requestsByEndpoint", journal.requestsByEndpoint());
                runs.add(run);
                Benchmark.log("busy-org run " + i + ", firing " + k + " (" + to + "): " + journal.apiRequests()
                        + " API requests, exit " + exit + ", " + String.format(java.util.Locale.ROOT, "%.0f", seconds) + " s");
                if (exit != 0 && exit != 3) {
                    throw new IllegalStateException("holdfast export exited " + exit + ": see " + work.resolve("export-" + k + ".log"));
                }
                previousTo = to;
            }
            List<Map<String, Object>> steady = runs.subList(Math.min(WARM_UP_RUNS, runs.size()), runs.size());
            GroundTruth truth = sandbox.groundTruth();
            List<String> problems = new ArrayList<>();
            Map<String, String> files = Delivered.holdfastFiles(work.resolve("export"), problems);
            // a recording of a call that ended before the last firing may still be pending (transcoding, restore):
            // only wrong bytes, duplicates and recordings of calls never held are faults here
            List<String> wrong = Delivered.check(truth, files, true, problems).stream()
                    .filter(p -> !p.startsWith("missing: ")).toList();
            Instant last = previousTo;
            // the calls of the windows (the history before the first window was never asked for)
            Instant firstFrom = start.minus(FIRST_WINDOW);
            long owed = truth.held().stream().filter(HeldRecording::exportable)
                    .filter(h -> !h.conversationStart().isBefore(firstFrom))
                    .filter(h -> h.conversationStart().isBefore(last.minus(Duration.ofHours(1)))).count();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", i);
            r.put("callsPerHour", options.busyCallsPerHour);
            r.put("simulatedHours", options.busyHours);
            r.put("simulatedFrom", start.toString());
            r.put("simulatedTo", end.toString());
            r.put("conversations", calls);
            r.put("correct", wrong.isEmpty());
            r.put("problems", wrong.stream().limit(20).toList());
            r.put("delivered", files.keySet().stream().filter(k -> !k.endsWith(".original")).count());
            r.put("heldRecordingsStartedAnHourBeforeTheLastFiring", owed);
            r.put("firstRunRequests", runs.get(0).get("apiRequests"));
            r.put("steadyRuns", steady.size());
            r.put("steadyRequestsPerRun", Benchmark.median(steady, "apiRequests"));
            r.put("steadyRequestsPerRunMax", Benchmark.max(steady, "apiRequests"));
            r.put("steadyBudgetShare", Benchmark.median(steady, "budgetShare"));
            r.put("steadyBudgetShareMax", Benchmark.max(steady, "budgetShare"));
            r.put("steadyBudgetSharePercent", 100 * Benchmark.median(steady, "budgetShare"));
            r.put("steadyBudgetShareMaxPercent", 100 * Benchmark.max(steady, "budgetShare"));
            r.put("runs", runs);
            return r;
        }
    }

    /** The latest instant before {@code now} at that UTC time of day. */
    static Instant lastBefore(Instant now, LocalTime timeOfDay) {
        Instant candidate = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofNanos(timeOfDay.toNanoOfDay()));
        return candidate.isBefore(now) ? candidate : candidate.minus(Duration.ofDays(1));
    }

    private static int export(Benchmark.Options options, Path work, int k, Instant from, Instant to,
                              Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", options.jar.toAbsolutePath() + java.io.File.pathSeparator + options.classes.toAbsolutePath(),
                "dev.holdfast.cli.Holdfast", "export", "--from", from.toString(), "--to", to.toString()));
        settings.forEach((key, v) -> command.add("--" + key + "=" + v));
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("export-" + k + ".log").toFile()).start();
        return process.waitFor();
    }
}
