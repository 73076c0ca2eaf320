package dev.holdfast.cli;

import dev.holdfast.app.HoldfastApp;
import dev.holdfast.config.ExitCode;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.ledger.RecordingState;
import dev.holdfast.run.RunSummary;
import dev.holdfast.run.Runs;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo}: the built-in sandbox org (with the field faults), exported into {@code ./export} the way the
 * schedule would: run after run until every held recording is delivered or has a reason why it never will be.
 */
final class Demo {

    private static final int MAX_RUNS = 20;
    private static final Duration MAX_WAIT_BETWEEN_RUNS = Duration.ofSeconds(30);

    private Demo() {
    }

    static ExitCode run(Map<String, String> userOverrides, PrintStream out) {
        long seed = Long.parseLong(userOverrides.getOrDefault("sandbox.seed", "1"));
        Scenario scenario = SandboxSettings.withMediaTypes(Scenario.defaults(seed), userOverrides);
        try (GenesysSandbox sandbox = GenesysSandbox.start(scenario, "127.0.0.1", 0)) {
            Map<String, String> settings = SandboxSettings.pointingAt(sandbox);
            settings.put("holdfast.destination", "file");
            settings.put("holdfast.file.dir", "export");
            settings.put("holdfast.db.url", "jdbc:h2:file:./data/demo");
            settings.putAll(userOverrides);
            out.println("demo: Genesys sandbox (seed " + seed + ") at " + sandbox.baseUrl() + "; exporting into "
                    + Path.of(settings.get("holdfast.file.dir")).toAbsolutePath());
            try (HoldfastApp app = HoldfastApp.start(settings, false)) {
                Window window = app.bean("runs", Runs.class).defaultWindow();
                Ledger ledger = app.bean("ledger", Ledger.class);
                RunSummary summary = null;
                for (int run = 1; run <= MAX_RUNS; run++) {
                    summary = app.export(window);
                    out.println("run " + run + ": " + summary.render());
                    if (summary.exitCode() == ExitCode.COMPLETE) {
                        break;
                    }
                    awaitNextAttempt(ledger, window);
                }
                out.println();
                out.println("reconciliation: " + summary.render());
                out.println("files: " + Path.of(settings.get("holdfast.file.dir")).toAbsolutePath()
                        + " (one BagIt bag per run that delivered something)");
                out.println("check them: java -jar target/holdfast.jar verify --holdfast.db.url=" + settings.get("holdfast.db.url"));
                return summary.exitCode();
            }
        }
    }

    /** Waits until the earliest pending recording of the window is due again (bounded). */
    private static void awaitNextAttempt(Ledger ledger, Window window) {
        Instant now = ledger.now();
        Instant next = now.plus(MAX_WAIT_BETWEEN_RUNS);
        for (LedgerRow row : ledger.rowsIn(window.from(), window.to())) {
            if (row.state() == RecordingState.PENDING && row.nextAttempt() != null && row.nextAttempt().isBefore(next)) {
                next = row.nextAttempt();
            }
        }
        long waitMs = Math.max(200, Duration.between(now, next).toMillis());
        try {
            TimeUnit.MILLISECONDS.sleep(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
