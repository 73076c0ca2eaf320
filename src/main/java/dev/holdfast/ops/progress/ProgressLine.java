package dev.holdfast.ops.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Renders a run's progress for people: found / resolved / delivered / pending, bytes, rate and ETA. */
final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * @param window recordings of the run's window in the ledger by state, or {@code null} before the run has one;
     *               a scheduled run also retries recordings of earlier windows (they count in resolved and now)
     */
    static String render(RunProgress.Current run, Map<String, Long> window, Instant now) {
        double seconds = Math.max(0.001, Duration.between(run.started, now).toMillis() / 1000.0);
        long delivered = run.delivered.get();
        long bytes = run.bytes.get();
        StringBuilder line = new StringBuilder("run ").append(run.runId().orElse("starting"));
        if (window != null) {
            long found = window.values().stream().mapToLong(Long::longValue).sum();
            long open = window.getOrDefault("PENDING", 0L) + window.getOrDefault("IN_PROGRESS", 0L);
            line.append(": found ").append(found)
                    .append(", resolved ").append(run.resolved.get())
                    .append(", delivered ").append(window.getOrDefault("DELIVERED", 0L))
                    .append(" (").append(delivered).append(" now)")
                    .append(", pending ").append(open)
                    .append(", terminal ").append(window.getOrDefault("TERMINAL", 0L));
            double rate = delivered / seconds;
            line.append("; ").append(size(bytes)).append(" at ").append(size((long) (bytes / seconds))).append("/s, ")
                    .append(String.format(Locale.ROOT, "%.1f", rate)).append(" recordings/s");
            if (rate > 0 && open > 0) {
                line.append(", ETA ").append(duration(Duration.ofSeconds((long) Math.ceil(open / rate))));
            }
        }
        return line.append(" [").append(duration(Duration.ofMillis((long) (seconds * 1000)))).append(']').toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
