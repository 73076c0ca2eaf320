package dev.holdfast.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * How the reliability scenarios size themselves and report: CI runs a small N, {@code -Dreliability.long=true}
 * (or {@code -Preliability-long}) the full N. Each scenario prints one figure line and appends it to
 * {@code target/reliability-figures.txt}, the source of the README's table.
 */
final class Figures {

    private Figures() {
    }

    static boolean longRun() {
        return Boolean.parseBoolean(System.getProperty("reliability.long", "false"));
    }

    /** CI's N, or the full N of the long run. */
    static int n(int ci, int full) {
        return longRun() ? full : ci;
    }

    /** The scenario's seed: {@code -Dreliability.seed=...} replays a failing one. */
    static long seed(long fallback) {
        return Long.getLong("reliability.seed", fallback);
    }

    static void report(String scenario, int n, long seed, String result) {
        String line = String.format("%s | N=%d | seed=%d | %s | %s%n", scenario, n, seed, result, Instant.now());
        System.out.print("FIGURE " + line);
        try {
            Path file = Paths.get("target", "reliability-figures.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("(figure not written: " + e + ")");
        }
    }
}
