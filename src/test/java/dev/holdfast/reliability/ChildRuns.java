package dev.holdfast.reliability;

import dev.holdfast.cli.SandboxSettings;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.testsupport.ChildExporter;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exports in child JVMs, again and again as the schedule would, until the window is settled (exit 0). */
final class ChildRuns {

    final List<ChildExporter> runs = new ArrayList<>();
    int lastExit = -1;

    /** Settings of a child exporter pointed at the sandbox, its ledger and spool under {@code work}. */
    static Map<String, String> settings(GenesysSandbox sandbox, Path work) {
        Map<String, String> settings = new LinkedHashMap<>(SandboxSettings.pointingAt(sandbox));
        settings.put("holdfast.db.url", Invariants.h2Url(work));
        settings.put("holdfast.spool-dir", work.resolve("spool").toAbsolutePath().toString());
        settings.put("holdfast.concurrency", "4");
        return settings;
    }

    /** The window covering every conversation of the sandbox. */
    static String[] window(GenesysSandbox sandbox) {
        Instant from = Instant.now().minus(sandbox.scenario().span()).minus(Duration.ofMinutes(5));
        return new String[] {"--from", from.toString(), "--to", Instant.now().plusSeconds(1).toString()};
    }

    /** Runs until exit 0 (at most {@code maxRuns}); exit 3 (pending) goes on, any other exit fails the test. */
    ChildRuns untilSettled(Path work, List<String> jvm, Map<String, String> settings, List<String> wrapper,
                           String[] window, int maxRuns) {
        do {
            ChildExporter child = ChildExporter.start(work, jvm, settings, wrapper, window);
            runs.add(child);
            lastExit = child.awaitExit(Duration.ofMinutes(3));
            assertTrue(lastExit == 0 || lastExit == 3, "export exited " + lastExit + ":\n" + child.logTail());
        } while (lastExit != 0 && runs.size() < maxRuns);
        return this;
    }

    String logs() {
        StringBuilder all = new StringBuilder();
        runs.forEach(r -> all.append(r.logText()));
        return all.toString();
    }
}
