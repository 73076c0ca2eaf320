package dev.holdfast.testsupport;

import dev.holdfast.app.HoldfastApp;
import dev.holdfast.cli.SandboxSettings;
import dev.holdfast.config.ExitCode;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.run.RunSummary;
import dev.holdfast.run.Runs;
import dev.holdfast.sandbox.GenesysSandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The real application (routes, beans, settings) pointed at a sandbox and a destination, for end-to-end
 * tests: runs exports the way the schedule would, until everything is delivered or terminal.
 */
public final class Exporter implements AutoCloseable {

    private final HoldfastApp app;
    private final List<RunSummary> runs = new ArrayList<>();

    private Exporter(HoldfastApp app) {
        this.app = app;
    }

    /** Settings pointing at the sandbox, with the ledger and spool in {@code work}. */
    public static Map<String, String> settingsFor(GenesysSandbox sandbox, Path work) {
        Map<String, String> settings = SandboxSettings.pointingAt(sandbox);
        settings.put("holdfast.db.url", "jdbc:h2:file:" + work.resolve("ledger").toAbsolutePath());
        settings.put("holdfast.spool-dir", work.resolve("spool").toAbsolutePath().toString());
        settings.put("holdfast.concurrency", "4");
        return settings;
    }

    public static Exporter start(Map<String, String> settings) {
        return new Exporter(HoldfastApp.start(settings, false));
    }

    public Window defaultWindow() {
        return app.bean("runs", Runs.class).defaultWindow();
    }

    public RunSummary export(Window window) {
        RunSummary summary = app.export(window);
        runs.add(summary);
        return summary;
    }

    /** Exports again and again (as the schedule would) until the window is settled: delivered or terminal. */
    public RunSummary exportUntilSettled(Window window, Duration atMost) {
        RunSummary[] last = new RunSummary[1];
        await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> (last[0] = export(window)).exitCode() == ExitCode.COMPLETE);
        return last[0];
    }

    public List<RunSummary> runs() {
        return runs;
    }

    public Ledger ledger() {
        return app.bean("ledger", Ledger.class);
    }

    public HoldfastApp app() {
        return app;
    }

    @Override
    public void close() {
        app.close();
    }
}
