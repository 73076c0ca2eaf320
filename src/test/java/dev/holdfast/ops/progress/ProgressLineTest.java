package dev.holdfast.ops.progress;

import dev.holdfast.discover.Window;
import dev.holdfast.run.RunContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The progress line says what a run has found and done, how fast, and how long the rest may take. */
class ProgressLineTest {

    @Test
    void the_line_counts_the_window_and_the_run_and_estimates_the_rest() {
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        RunContext run = new RunContext("r1", new Window(start.minusSeconds(3600), start), "node", "client", start, false);
        RunProgress progress = new RunProgress();
        progress.begin(() -> run, start);
        for (int i = 0; i < 10; i++) {
            progress.resolved();
            progress.delivered(1024 * 1024);
        }
        String line = ProgressLine.render(progress.current().orElseThrow(),
                Map.of("DELIVERED", 12L, "PENDING", 15L, "IN_PROGRESS", 5L, "TERMINAL", 1L), start.plusSeconds(10));
        assertEquals("run r1: found 33, resolved 10, delivered 12 (10 now), pending 20, terminal 1;"
                + " 10.0 MB at 1.0 MB/s, 1.0 recordings/s, ETA 20s [10s]", line);
    }
}
